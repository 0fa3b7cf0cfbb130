package dev.beacon.auth;

import dev.beacon.token.DeviceId;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The highest version 2 token (generation, counter) this node accepted from each device, so a
 * replay is refused before it costs anything, even a no-change update that never reaches the
 * database. Bounded: past {@code maxTracked} devices the least recently advanced of a sample is
 * forgotten, which lets at most one replay of that device's last token through to the commit's
 * own check (a change) or to a harmless no-change answer. The stored counter a change raises in
 * its commit is what makes replays fail across restarts and nodes. Thread-safe.
 */
final class CounterMarks {

    private static final int EVICTION_SAMPLE = 32;

    private record Key(String zone, DeviceId device) {
    }

    /** A device's mark: generation and counter, and when it last moved (for eviction). */
    private record Mark(long generation, long counter, long movedNanos) {

        boolean below(long g, long c) {
            return generation < g || generation == g && counter < c;
        }
    }

    private final ConcurrentHashMap<Key, Mark> marks = new ConcurrentHashMap<>();
    private final int maxTracked;

    CounterMarks(int maxTracked) {
        this.maxTracked = maxTracked;
    }

    /** Raises the device's mark to (generation, counter) and says true, or says false when it is not above it. */
    boolean advance(String zone, DeviceId device, long generation, long counter, long nowNanos) {
        Key key = new Key(zone, device);
        if (!marks.containsKey(key) && marks.size() >= maxTracked) {
            evictOne();
        }
        boolean[] advanced = {false};
        marks.compute(key, (k, old) -> {
            if (old == null || old.below(generation, counter)) {
                advanced[0] = true;
                return new Mark(generation, counter, nowNanos);
            }
            return old;
        });
        return advanced[0];
    }

    private void evictOne() {
        Key oldest = null;
        long oldestNanos = Long.MAX_VALUE;
        Iterator<Map.Entry<Key, Mark>> it = marks.entrySet().iterator();
        for (int i = 0; i < EVICTION_SAMPLE && it.hasNext(); i++) {
            Map.Entry<Key, Mark> e = it.next();
            if (e.getValue().movedNanos() < oldestNanos) {
                oldestNanos = e.getValue().movedNanos();
                oldest = e.getKey();
            }
        }
        if (oldest != null) {
            marks.remove(oldest);
        }
    }
}
