package dev.beacon.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Seconds between a device's updates, counted in buckets a quarter of a power of two wide (so
 * each is within 19% of its neighbour), from one second to years. The median it reports is the
 * middle of the bucket that holds it. Thread-safe, lock-free.
 */
final class IntervalHistogram {

    private static final int PER_OCTAVE = 4;
    private static final int BUCKETS = 32 * PER_OCTAVE;
    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    void add(double seconds) {
        counts.incrementAndGet(bucket(seconds));
    }

    static int bucket(double seconds) {
        if (seconds < 1) {
            return 0;
        }
        int b = (int) Math.floor(PER_OCTAVE * Math.log(seconds) / Math.log(2));
        return Math.min(BUCKETS - 1, b);
    }

    /** The lower bound of a bucket, in seconds. */
    private static double lower(int bucket) {
        return bucket == 0 ? 0 : Math.pow(2, (double) bucket / PER_OCTAVE);
    }

    /** How many intervals were counted. */
    long count() {
        long n = 0;
        for (int i = 0; i < BUCKETS; i++) {
            n += counts.get(i);
        }
        return n;
    }

    /** The median interval in seconds, or -1 when none was counted. */
    double median() {
        long n = count();
        if (n == 0) {
            return -1;
        }
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (2 * seen >= n) {
                return Math.sqrt(Math.max(1, lower(i)) * lower(i + 1));
            }
        }
        return lower(BUCKETS);
    }

    /**
     * The counts summed into coarser bins parted at {@code bounds} (seconds, ascending): one more
     * bin than bounds. A fine bucket goes to the bin its middle falls in, so a bin's edges are as
     * exact as the buckets (within 19%).
     */
    List<Long> binned(List<Long> bounds) {
        long[] bins = new long[bounds.size() + 1];
        for (int i = 0; i < BUCKETS; i++) {
            double middle = Math.sqrt(Math.max(1, lower(i)) * lower(i + 1));
            int bin = 0;
            while (bin < bounds.size() && middle >= bounds.get(bin)) {
                bin++;
            }
            bins[bin] += counts.get(i);
        }
        List<Long> out = new ArrayList<>(bins.length);
        for (long n : bins) {
            out.add(n);
        }
        return out;
    }
}
