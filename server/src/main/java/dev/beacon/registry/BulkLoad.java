package dev.beacon.registry;

import dev.beacon.record.Change;
import dev.beacon.store.Batch;
import dev.beacon.store.Committed;
import dev.beacon.store.Store;
import dev.beacon.store.StoreException;
import dev.beacon.token.DeviceId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The registry's rules applied offline, for bulk import: commands are collected in chunks and
 * each chunk is decided exactly as a running node decides a batch ({@link RegistryRules}), inside
 * the commit's transaction with the journal locked, against the stored state plus whatever
 * running nodes committed meanwhile; each chunk is journalled like any change, so running nodes
 * tail it. Not thread-safe.
 */
public final class BulkLoad {

    private final Store store;
    private final String origin = "import-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Command> chunk = new ArrayList<>();
    private RegistrySnapshot committed;
    private int chunks;

    private BulkLoad(Store store, RegistrySnapshot committed) {
        this.store = store;
        this.committed = committed;
    }

    /** Starts from what the store holds ({@code loaded}, just loaded from it). */
    public static BulkLoad over(Store store, RegistrySnapshot loaded) {
        return new BulkLoad(store, loaded);
    }

    /** Adds a command to the current chunk; it is decided when the chunk commits. */
    public void add(Command command) {
        chunk.add(command);
    }

    /** How many commands wait for {@link #commit()}. */
    public int pending() {
        return chunk.size();
    }

    /** The state as of the last commit: the store's, at its journal head. */
    public RegistrySnapshot snapshot() {
        return committed;
    }

    /** The names a device holds as of the last commit. */
    public List<String> labelsOf(String zone, DeviceId device) {
        ZoneState state = committed.zone(zone);
        return state == null ? List.of() : state.labelsOf(device);
    }

    /**
     * Decides and writes the chunk in one transaction.
     *
     * @return one decision per command added since the last commit, in order
     */
    public List<Decision> commit() throws StoreException {
        if (chunk.isEmpty()) {
            return List.of();
        }
        RegistrySnapshot base = committed;
        Decision[] decisions = new Decision[chunk.size()];
        Committed done = store.commit(base.position(), origin + "-" + (++chunks), (missed, spent) -> {
            PendingState state = new PendingState(base.apply(missed));
            for (int i = 0; i < chunk.size(); i++) {
                decisions[i] = RegistryRules.decide(chunk.get(i), state);
            }
            return state.hasChanges() ? state.changes() : List.<Change>of();
        });
        committed = base.apply(done.missed()).apply(done.written());
        chunk.clear();
        return List.of(decisions);
    }
}
