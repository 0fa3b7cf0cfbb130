package dev.beacon.registry;

import dev.beacon.record.Change;
import dev.beacon.record.NameRecord;
import dev.beacon.store.StoredState;

import dev.beacon.zone.Zone;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every zone's state as of one moment; the unit readers see and writers replace. Immutable.
 */
public final class RegistrySnapshot {

    private final Map<String, ZoneState> zones;
    private final long position;

    private RegistrySnapshot(Map<String, ZoneState> zones, long position) {
        this.zones = Map.copyOf(zones);
        this.position = position;
    }

    /**
     * A snapshot of the stored records of the given zones, each zone at its journal position.
     *
     * @param head the journal head the records are the state at
     */
    public static RegistrySnapshot load(List<Zone> zones, Iterable<NameRecord> records, Map<String, Long> lastSeqs,
            long head) {
        Map<String, ZoneState.Loader> loaders = new HashMap<>();
        for (Zone zone : zones) {
            loaders.put(zone.name(), new ZoneState.Loader(zone, lastSeqs.getOrDefault(zone.name(), 0L)));
        }
        for (NameRecord record : records) {
            ZoneState.Loader loader = loaders.get(record.zone());
            if (loader != null) {
                loader.add(record);
            }
        }
        Map<String, ZoneState> states = new HashMap<>();
        loaders.forEach((name, loader) -> states.put(name, loader.build()));
        return new RegistrySnapshot(states, head);
    }

    /**
     * The journal position this snapshot is the state at: every entry up to it, from every node
     * and zone, is applied, none after it. Nodes at the same position answer alike.
     */
    public long position() {
        return position;
    }

    /** A snapshot of what a store holds for the given zones, at the journal head it was loaded at. */
    public static RegistrySnapshot load(List<Zone> zones, StoredState stored) {
        RegistrySnapshot loaded = load(zones, stored.records(), stored.lastSeqs(), stored.head());
        if (stored.blocks().isEmpty()) {
            return loaded;
        }
        Map<String, ZoneState> states = new HashMap<>(loaded.zones);
        for (StoredState.Block block : stored.blocks()) {
            states.computeIfPresent(block.zone(), (name, state) -> block.mark().isRevocation()
                    ? state.withFloor(block.mark().device(), block.mark().generation())
                    : block.mark().isSecret() ? state.withSecret(block.mark().device(), block.mark().secretHash())
                    : state.loadBlock(block.mark().device(), block.sinceMillis()));
        }
        return new RegistrySnapshot(states, loaded.position);
    }

    /** A snapshot of the same zones, from a fresh load of the store. */
    public RegistrySnapshot reloaded(StoredState stored) {
        List<Zone> configured = new ArrayList<>();
        zones.values().forEach(state -> configured.add(state.zone()));
        return load(configured, stored);
    }

    /** The state of a configured zone, or null for a name that is not one. */
    public ZoneState zone(String name) {
        return zones.get(name);
    }

    /** Names held across every zone. */
    public int size() {
        int n = 0;
        for (ZoneState z : zones()) {
            n += z.size();
        }
        return n;
    }

    public Iterable<ZoneState> zones() {
        return zones.values();
    }

    /** The snapshot after a batch of committed changes, in commit order. */
    public RegistrySnapshot apply(List<Change> committed) {
        if (committed.isEmpty()) {
            return this;
        }
        Map<String, ZoneState> next = new HashMap<>(zones);
        long at = position;
        for (Change change : committed) {
            // A zone another node serves but this one does not is only a position to move past.
            next.computeIfPresent(change.zone(), (name, state) -> state.apply(change));
            at = Math.max(at, change.seq());
        }
        return new RegistrySnapshot(next, at);
    }
}
