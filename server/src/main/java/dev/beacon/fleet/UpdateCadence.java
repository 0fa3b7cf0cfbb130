package dev.beacon.fleet;

import java.util.concurrent.ConcurrentHashMap;

/**
 * When each device last sent an update, for the time between a device's updates, in bounded
 * memory: devices are tracked by a 64-bit hash of their zone and id, and past {@link #MAX_TRACKED}
 * devices only a fixed fraction of hashes is kept (one in two, then one in four...), the same
 * devices every time, so the intervals measured are a fair sample of the fleet. Thread-safe.
 */
final class UpdateCadence {

    static final int MAX_TRACKED = 1 << 17;

    private final ConcurrentHashMap<Long, Long> last = new ConcurrentHashMap<>();
    private final int maxTracked;
    /** Devices are tracked when the low {@code sampleBits} bits of their hash are zero. */
    private volatile int sampleBits;

    UpdateCadence(int maxTracked) {
        this.maxTracked = maxTracked;
    }

    /**
     * Notes an update and returns the seconds since the device's previous one, or -1 when it is
     * not tracked or this is the first.
     */
    double heard(String zone, String device, long atMillis) {
        long hash = hash(zone, device);
        if ((hash & ((1L << sampleBits) - 1)) != 0) {
            return -1;
        }
        Long before = last.put(hash, atMillis);
        if (last.size() > maxTracked) {
            thin();
        }
        return before == null || atMillis <= before ? -1 : (atMillis - before) / 1000.0;
    }

    private synchronized void thin() {
        if (last.size() <= maxTracked) {
            return;
        }
        int bits = sampleBits + 1;
        long mask = (1L << bits) - 1;
        last.keySet().removeIf(h -> (h & mask) != 0);
        sampleBits = bits;
    }

    /** One device in how many is tracked. */
    long sampling() {
        return 1L << sampleBits;
    }

    private static long hash(String zone, String device) {
        long h = 1125899906842597L;
        for (int i = 0; i < zone.length(); i++) {
            h = 31 * h + zone.charAt(i);
        }
        h = 31 * h + '\n';
        for (int i = 0; i < device.length(); i++) {
            h = 31 * h + device.charAt(i);
        }
        // A finaliser (SplitMix64) so that the low bits, which pick the sample, are well mixed.
        h ^= h >>> 30;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 27;
        h *= 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }
}
