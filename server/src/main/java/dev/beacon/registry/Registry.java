package dev.beacon.registry;

import dev.beacon.store.Store;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * The in-memory index of every record, by name and by device, and the only way to change it.
 *
 * <p>Reads ({@link #snapshot()}) are a volatile read of an immutable snapshot: no locks, no I/O.
 * Commands are decided first against the current snapshot; one that changes nothing (08, 07, 13)
 * is answered at once without touching the database, and one that changes something goes to the
 * single writer, which decides it again against the latest state and commits it durably.
 * Thread-safe.
 */
public final class Registry implements AutoCloseable {

    private volatile RegistrySnapshot snapshot;
    private final GroupCommit writer;
    private final Sightings sightings;

    public Registry(RegistrySnapshot initial, Store store, Clock clock, RegistrySettings settings) {
        this.snapshot = initial;
        this.sightings = new Sightings();
        this.writer = new GroupCommit(store, () -> snapshot, next -> snapshot = next, sightings, clock, settings);
        writer.start();
    }

    /** The latest committed state. */
    public RegistrySnapshot snapshot() {
        return snapshot;
    }

    /** Where request handlers note that a device was heard from. */
    public Sightings sightings() {
        return sightings;
    }

    /**
     * Decides a command; the future completes when the decision is final and, if it changed
     * anything, durable and visible in {@link #snapshot()}.
     */
    public CompletableFuture<Decision> apply(Command command) {
        PendingState speculative = new PendingState(snapshot);
        Decision decision = RegistryRules.decide(command, speculative);
        if (!speculative.hasChanges()) {
            return CompletableFuture.completedFuture(decision);
        }
        return writer.submit(command);
    }

    @Override
    public void close() {
        writer.close();
    }
}
