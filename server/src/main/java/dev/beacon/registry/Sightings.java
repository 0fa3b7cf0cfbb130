package dev.beacon.registry;

import dev.beacon.store.Sighting;
import dev.beacon.token.DeviceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each device was last heard from, collected in memory and written in bulk now and then,
 * so a no-change update ({@code 08}) costs no database write. Thread-safe.
 */
public final class Sightings {

    private record Key(String zone, DeviceId device) {
    }

    /** Last-seen times are kept to this resolution; finer would cost a map write per request. */
    static final long RESOLUTION_MILLIS = 10_000;

    private final ConcurrentHashMap<Key, Long> pending = new ConcurrentHashMap<>();

    public void saw(String zone, DeviceId device, long atMillis) {
        Key key = new Key(zone, device);
        Long known = pending.get(key);
        if (known == null || atMillis - known >= RESOLUTION_MILLIS) {
            pending.merge(key, atMillis, Math::max);
        }
    }

    /** Takes what was collected since the last drain. */
    List<Sighting> drain() {
        List<Sighting> out = new ArrayList<>(pending.size());
        for (Map.Entry<Key, Long> e : pending.entrySet()) {
            // Remove only if unchanged, so a sighting that lands meanwhile waits for the next drain.
            if (pending.remove(e.getKey(), e.getValue())) {
                out.add(new Sighting(e.getKey().zone(), e.getKey().device(), e.getValue()));
            }
        }
        return out;
    }

    /** Puts back sightings whose write failed. */
    void restore(List<Sighting> failed) {
        for (Sighting s : failed) {
            saw(s.zone(), s.device(), s.atMillis());
        }
    }
}
