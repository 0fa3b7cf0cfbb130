package dev.beacon.fleet;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * When each device last sent an update, for the time between a device's updates, in fixed memory
 * and without allocating: a table of slots, each holding a tag of a device's 64-bit hash (of zone
 * and id) and the second it was last heard. A device is tracked when the low {@code sampleBits}
 * bits of its hash are zero; once half the slots are taken, one more bit is required (one device
 * in two, then in four...) and the table starts afresh. The same devices stay in the sample, so the
 * intervals measured are a fair sample of the fleet; two tracked devices sharing a slot measure
 * nothing until one of them leaves it. Thread-safe: one atomic swap per update.
 */
final class UpdateCadence {

    /** Devices the fleet report's table tracks before it samples: 2 MB of slots, twice as many. */
    static final int MAX_TRACKED = 1 << 17;

    private final AtomicLongArray slots;
    private final int capacity;
    private final AtomicInteger taken = new AtomicInteger();
    /** Devices are tracked when the low {@code sampleBits} bits of their hash are zero. */
    private volatile int sampleBits;

    /** @param maxTracked how many devices are tracked before sampling starts */
    UpdateCadence(int maxTracked) {
        this.capacity = Integer.highestOneBit(Math.max(1, maxTracked)) << 1;
        this.slots = new AtomicLongArray(capacity);
    }

    /**
     * Notes an update and returns the seconds since the device's previous one, or -1 when it is
     * not tracked or this is the first.
     */
    double heard(String zone, String device, long atMillis) {
        long hash = hash(zone, device);
        int bits = sampleBits;
        if ((hash & ((1L << bits) - 1)) != 0) {
            return -1;
        }
        int slot = (int) (hash >>> bits) & (capacity - 1);
        long tag = hash >>> 32 | 1;
        long second = atMillis / 1000;
        long before = slots.getAndSet(slot, tag << 32 | second & 0xFFFF_FFFFL);
        if (before == 0) {
            if (taken.incrementAndGet() > capacity / 2) {
                thin(bits);
            }
            return -1;
        }
        if (before >>> 32 != tag) {
            return -1;
        }
        long elapsed = second - (before & 0xFFFF_FFFFL);
        return elapsed < 0 ? -1 : elapsed;
    }

    /** Requires one more hash bit, and starts the table afresh (once, whoever sees it full first). */
    private synchronized void thin(int seen) {
        if (sampleBits != seen) {
            return;
        }
        sampleBits = seen + 1;
        for (int i = 0; i < capacity; i++) {
            slots.set(i, 0);
        }
        taken.set(0);
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
