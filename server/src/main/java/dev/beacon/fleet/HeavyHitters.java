package dev.beacon.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.LongSupplier;

/**
 * The keys (devices, addresses) that occur most often in a stream over about the last hour, in
 * bounded memory however many distinct keys there are: a count-min sketch estimates each key's
 * count (never below the true count), and only keys whose estimate reaches the smallest of the
 * current leaders are remembered by name. So a million devices each counted now and then cost
 * the sketch's fixed 256 KB per window, and the hot path is four atomic adds.
 *
 * <p>Counts are kept per window of {@link #WINDOW_MILLIS}; the last hour is estimated as the
 * current window plus the part of the previous one that still falls in the hour. Thread-safe.
 */
public final class HeavyHitters {

    static final long WINDOW_MILLIS = 3_600_000;
    private static final int DEPTH = 4;
    private static final int WIDTH = 1 << 14;

    /** A key and its estimated count over the last hour. */
    public record Hitter(String key, long count) {
    }

    private final int keep;
    private final LongSupplier clock;
    private volatile Window current;
    private volatile Window previous;

    /** One window's sketch and its leaders. */
    private static final class Window {
        final long start;
        final AtomicIntegerArray cells = new AtomicIntegerArray(DEPTH * WIDTH);
        /** Keys whose estimate reached the threshold, with that estimate; trimmed to the leaders now and then. */
        final ConcurrentHashMap<String, Integer> leaders = new ConcurrentHashMap<>();
        final AtomicInteger size = new AtomicInteger();
        final AtomicBoolean trimming = new AtomicBoolean();
        /** The estimate a key needs to be remembered; 1 until there are enough leaders. */
        volatile int threshold = 1;

        Window(long start) {
            this.start = start;
        }

        int add(String key) {
            int h = key.hashCode();
            int h2 = Integer.rotateLeft(h * 0x9E3779B9, 16) | 1;
            int min = Integer.MAX_VALUE;
            for (int row = 0; row < DEPTH; row++) {
                int cell = row * WIDTH + ((h + row * h2) & (WIDTH - 1));
                min = Math.min(min, cells.incrementAndGet(cell));
            }
            return min;
        }

        int estimate(String key) {
            int h = key.hashCode();
            int h2 = Integer.rotateLeft(h * 0x9E3779B9, 16) | 1;
            int min = Integer.MAX_VALUE;
            for (int row = 0; row < DEPTH; row++) {
                min = Math.min(min, cells.get(row * WIDTH + ((h + row * h2) & (WIDTH - 1))));
            }
            return min;
        }
    }

    /**
     * @param keep how many leading keys to report
     * @param clock milliseconds
     */
    public HeavyHitters(int keep, LongSupplier clock) {
        this.keep = keep;
        this.clock = clock;
        this.current = new Window(clock.getAsLong());
    }

    /** Counts one occurrence of {@code key}. */
    public void add(String key) {
        Window w = window();
        int estimate = w.add(key);
        if (estimate >= w.threshold) {
            remember(w, key, estimate);
        }
    }

    /**
     * Notes a key that reached the threshold. Lock-free; when the notes pass four times the
     * leaders kept, one caller trims them to the leaders and raises the threshold to the smallest
     * leader's count, so a stream of equal keys soon stops taking this path at all.
     */
    private void remember(Window w, String key, int estimate) {
        if (w.leaders.put(key, estimate) == null && w.size.incrementAndGet() > 4 * keep
                && w.trimming.compareAndSet(false, true)) {
            try {
                List<Map.Entry<String, Integer>> sorted = new ArrayList<>(w.leaders.entrySet());
                sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
                if (sorted.size() > keep) {
                    for (Map.Entry<String, Integer> e : sorted.subList(keep, sorted.size())) {
                        w.leaders.remove(e.getKey());
                    }
                    w.threshold = sorted.get(keep - 1).getValue() + 1;
                }
                w.size.set(w.leaders.size());
            } finally {
                w.trimming.set(false);
            }
        }
    }

    private Window window() {
        Window w = current;
        long now = clock.getAsLong();
        if (now - w.start < WINDOW_MILLIS) {
            return w;
        }
        synchronized (this) {
            w = current;
            if (now - w.start >= WINDOW_MILLIS) {
                // A quiet stream may skip windows: then nothing of the old one is in the last hour.
                previous = now - w.start < 2 * WINDOW_MILLIS ? w : null;
                w = new Window(w.start + (now - w.start) / WINDOW_MILLIS * WINDOW_MILLIS);
                current = w;
            }
            return w;
        }
    }

    /** The leading keys over about the last hour, most frequent first, at most {@code keep}. */
    public List<Hitter> top() {
        Window w = window();
        Window before = previous;
        double share = before == null ? 0 : 1 - (double) (clock.getAsLong() - w.start) / WINDOW_MILLIS;
        Set<String> candidates = new HashSet<>(w.leaders.keySet());
        if (before != null) {
            candidates.addAll(before.leaders.keySet());
        }
        List<Hitter> out = new ArrayList<>();
        for (String key : candidates) {
            long count = w.estimate(key) + (before == null ? 0 : Math.round(before.estimate(key) * Math.max(0, share)));
            if (count > 0) {
                out.add(new Hitter(key, count));
            }
        }
        out.sort(Comparator.comparingLong(Hitter::count).reversed().thenComparing(Hitter::key));
        return out.size() > keep ? List.copyOf(out.subList(0, keep)) : List.copyOf(out);
    }
}
