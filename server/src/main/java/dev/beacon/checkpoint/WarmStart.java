package dev.beacon.checkpoint;

import dev.beacon.record.Change;
import dev.beacon.registry.RegistrySnapshot;
import dev.beacon.store.JournalGap;
import dev.beacon.store.Store;
import dev.beacon.store.StoreException;
import dev.beacon.store.StoredState;
import dev.beacon.store.StoredTail;
import dev.beacon.zone.Zone;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry at start-up: from the checkpoint plus the journal entries committed since it when
 * the checkpoint is of this database's state, else from every stored record. Either way the
 * result is the state at the journal head; the checkpoint only saves reading a million rows.
 */
public final class WarmStart {

    /**
     * Most journal entries replayed onto a checkpoint; beyond them reading every record is about
     * as fast, and holds less in memory at once.
     */
    public static final int MOST_ENTRIES = 250_000;

    /**
     * How the registry started.
     *
     * @param snapshot the state at the journal head
     * @param replayed journal entries applied after the checkpoint, or -1 when every record was loaded
     * @param how one line for the log
     */
    public record Start(RegistrySnapshot snapshot, long replayed, String how) {

        /** True when the checkpoint was the start. */
        public boolean fromCheckpoint() {
            return replayed >= 0;
        }
    }

    private WarmStart() {
    }

    /** The registry of {@code zones}, from {@code file} and the journal, or from {@code store}'s records. */
    public static Start load(List<Zone> zones, Store store, CheckpointFile file) throws StoreException {
        return load(zones, store, file, MOST_ENTRIES);
    }

    /** As {@link #load(List, Store, CheckpointFile)}, replaying at most {@code mostEntries} journal entries. */
    static Start load(List<Zone> zones, Store store, CheckpointFile file, int mostEntries) throws StoreException {
        long started = System.nanoTime();
        String unused;
        try {
            return fromCheckpoint(zones, store, file.read(), file, started, mostEntries);
        } catch (CheckpointUnusable e) {
            unused = e.getMessage();
        }
        StoredState stored = store.load();
        RegistrySnapshot snapshot = RegistrySnapshot.load(zones, stored);
        return new Start(snapshot, -1, "loaded " + stored.records().size() + " records at journal position "
                + stored.head() + " in " + millisSince(started) + " ms (checkpoint not used: " + unused + ")");
    }

    private static Start fromCheckpoint(List<Zone> zones, Store store, Checkpoint checkpoint, CheckpointFile file,
            long started, int mostEntries) throws CheckpointUnusable, StoreException {
        long read = millisSince(started);
        for (Zone zone : zones) {
            if (!checkpoint.zones().contains(zone.name())) {
                throw new CheckpointUnusable("it does not hold zone " + zone.name());
            }
        }
        long at = checkpoint.position();
        StoredTail tail;
        try {
            tail = store.loadAfter(at, mostEntries);
        } catch (JournalGap e) {
            throw new CheckpointUnusable("the journal after its position " + at + " was pruned");
        }
        if (tail.stamp() == null) {
            throw new CheckpointUnusable("the database's journal has no entry " + at
                    + " (pruned, or a restored or another database)");
        }
        if (!checkpoint.stamp().equals(tail.stamp())) {
            throw new CheckpointUnusable("the database's journal entry " + at + " is not the one it was taken at"
                    + " (a restored or another database)");
        }
        long behind = tail.head() - at;
        if (tail.entries().size() != behind) {
            throw new CheckpointUnusable(behind + " journal entries were committed after it, more than "
                    + mostEntries + " to replay");
        }
        // Device marks are read as of the head with the tail; only the records need the journal.
        List<Change> changes = new ArrayList<>();
        for (Change entry : tail.entries()) {
            if (!entry.isMark()) {
                changes.add(entry);
            }
        }
        RegistrySnapshot snapshot = RegistrySnapshot.load(zones,
                new StoredState(checkpoint.records(), tail.lastSeqs(), tail.head(), tail.blocks())).apply(changes);
        return new Start(snapshot, behind, "restored " + checkpoint.records().size() + " records from "
                + file.path() + " at journal position " + at + ", then " + behind + " journal entries to "
                + tail.head() + " in " + millisSince(started) + " ms (the file read in " + read + " ms)");
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
