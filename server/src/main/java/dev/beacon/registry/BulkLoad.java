package dev.beacon.registry;

import dev.beacon.record.Change;
import dev.beacon.store.Store;
import dev.beacon.store.StoreException;
import dev.beacon.store.StoredState;
import dev.beacon.token.DeviceId;
import dev.beacon.zone.Zone;
import java.util.List;

/**
 * The registry's rules applied offline, for bulk import: commands are decided exactly as the
 * running server decides them ({@link RegistryRules}, against everything decided before them)
 * and committed to the store in chunks the caller chooses, each journalled like any change.
 * Needs the store to itself (the node lease sees to that). Not thread-safe.
 */
public final class BulkLoad {

    private final Store store;
    /** The stored state with every decided change laid over it, committed or not. */
    private final PendingState pending;
    private boolean failed;

    private BulkLoad(Store store, RegistrySnapshot stored) {
        this.store = store;
        this.pending = new PendingState(stored);
    }

    /** Starts from what the store holds ({@code stored}, just loaded from it) for {@code zones}. */
    public static BulkLoad over(Store store, StoredState stored, List<Zone> zones) {
        return new BulkLoad(store, RegistrySnapshot.load(zones, stored.records(), stored.lastSeqs()));
    }

    /** Decides a command against the committed state plus every command decided since. */
    public Decision decide(Command command) {
        usable();
        return RegistryRules.decide(command, pending);
    }

    /** The names a device holds, with the changes decided but not yet committed. */
    public List<String> labelsOf(String zone, DeviceId device) {
        return pending.labelsOf(zone, device);
    }

    /** How many changes wait for {@link #commit()}. */
    public int uncommitted() {
        return pending.hasChanges() ? pending.changes().size() : 0;
    }

    /**
     * Writes the changes decided since the last commit in one transaction. After a failure this
     * load is over (what memory holds no longer matches the store); earlier commits stay.
     */
    public void commit() throws StoreException {
        usable();
        if (!pending.hasChanges()) {
            return;
        }
        List<Change> chunk = pending.takeChanges();
        try {
            store.commit(chunk);
        } catch (StoreException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    private void usable() {
        if (failed) {
            throw new IllegalStateException("a commit of this bulk load failed; start a new one from the store");
        }
    }
}
