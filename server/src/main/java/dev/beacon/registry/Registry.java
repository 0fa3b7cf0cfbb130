package dev.beacon.registry;

import dev.beacon.record.Change;
import dev.beacon.store.OutboxEntry;
import dev.beacon.store.Store;
import java.util.List;
import java.util.function.Function;
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
    private final boolean shared;
    private final boolean readOnly;

    public Registry(RegistrySnapshot initial, Store store, Clock clock, RegistrySettings settings) {
        this(initial, store, clock, settings, CommitObserver.NONE, committed -> List.of());
    }

    /**
     * @param commits told of every commit (metrics)
     * @param outbox the webhook events committed changes raise, written in their transaction
     */
    public Registry(RegistrySnapshot initial, Store store, Clock clock, RegistrySettings settings,
            CommitObserver commits, Function<List<Change>, List<OutboxEntry>> outbox) {
        this.snapshot = initial;
        this.sightings = new Sightings();
        this.shared = store.shared();
        this.readOnly = store.readOnly();
        this.writer = new GroupCommit(store, () -> snapshot, next -> snapshot = next, sightings, clock, settings,
                commits, outbox);
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
        boolean needsWriter = speculative.hasChanges()
                || shared && (dependsOnOthers(decision) || command instanceof Command.Edit);
        if (!needsWriter) {
            return CompletableFuture.completedFuture(decision);
        }
        if (readOnly) {
            // A replica follows the primary; a change belongs to a node that writes.
            return CompletableFuture.completedFuture(Decision.of(Outcome.STORAGE_FAILED));
        }
        return writer.submit(command);
    }

    /**
     * A refusal that another node's recent commit may have made stale (the name was released
     * there; the device added a name there): on a shared store it is decided again by the writer,
     * against the journal, so no device hears a false 07 or 13. An 08 depends only on the
     * device's own data and is answered from memory. An RFC 2136 update's prerequisites may read
     * any name, so on a shared store every update is decided by the writer.
     */
    private static boolean dependsOnOthers(Decision decision) {
        return decision.outcome() == Outcome.NAME_TAKEN || decision.outcome() == Outcome.NO_RECORD;
    }

    /** Whether this node only follows the journal (a replica): it takes no changes. */
    public boolean readOnly() {
        return readOnly;
    }

    /** This process's name in the journal (the origin of its commits), as the device history shows it. */
    public String node() {
        return writer.node();
    }

    /**
     * Why changes are refused with 12 until the store proves good (a failed fsync, a disk fault,
     * a commit whose outcome is unknown), or null while they are taken.
     */
    public String writeSuspension() {
        return writer.writeSuspension();
    }

    /** Commands waiting for the single writer: how far behind the disk or database is. */
    public int queueDepth() {
        return writer.queued();
    }

    /** Catch up from the journal soon: another node committed (a notification), or it is time to look. */
    public void catchUp() {
        writer.requestCatchUp();
    }

    @Override
    public void close() {
        writer.close();
    }
}
