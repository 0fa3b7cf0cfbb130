package dev.beacon.registry;

import dev.beacon.record.Change;
import dev.beacon.record.NameRecord;

import dev.beacon.zone.Zone;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every zone's state as of one moment; the unit readers see and writers replace. Immutable.
 */
public final class RegistrySnapshot {

    private final Map<String, ZoneState> zones;

    private RegistrySnapshot(Map<String, ZoneState> zones) {
        this.zones = Map.copyOf(zones);
    }

    /** A snapshot of the stored records of the given zones, each zone at its journal position. */
    public static RegistrySnapshot load(List<Zone> zones, Iterable<NameRecord> records, Map<String, Long> lastSeqs) {
        Map<String, ZoneState> states = new HashMap<>();
        for (Zone zone : zones) {
            states.put(zone.name(), ZoneState.empty(zone, lastSeqs.getOrDefault(zone.name(), 0L)));
        }
        for (NameRecord record : records) {
            ZoneState state = states.get(record.zone());
            if (state != null) {
                states.put(record.zone(), state.load(record));
            }
        }
        return new RegistrySnapshot(states);
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
        for (Change change : committed) {
            next.computeIfPresent(change.zone(), (name, state) -> state.apply(change));
        }
        return new RegistrySnapshot(next);
    }
}
