package dev.beacon.auth;

import dev.beacon.token.DeviceToken;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers the nonces of the tokens this node accepted while they are fresh, so a captured
 * token cannot be used twice (protocol §2).
 *
 * <p>Nonces are kept as 64-bit digests in one set per minute of {@code issued_at}; a minute's set
 * is dropped once every token of that minute is outside the freshness window. Memory is bounded by
 * {@code maxEntries}: when full, new tokens are answered {@link Use#FULL} (the caller replies 911)
 * rather than accepted unchecked. Thread-safe.
 */
public final class ReplayCache {

    /** The outcome of offering a nonce. */
    public enum Use { FIRST, REPLAY, FULL }

    private static final long BUCKET_SECONDS = 60;

    private final Clock clock;
    private final long maxSkewSeconds;
    private final long maxEntries;
    private final ConcurrentHashMap<Long, LongSet> buckets = new ConcurrentHashMap<>();
    private final AtomicLong entries = new AtomicLong();
    private final AtomicLong sweptMinute = new AtomicLong(Long.MIN_VALUE);

    public ReplayCache(Clock clock, long maxSkewSeconds, long maxEntries) {
        this.clock = clock;
        this.maxSkewSeconds = maxSkewSeconds;
        this.maxEntries = maxEntries;
    }

    /** Records the nonce of a fresh token; says whether it was its first use. */
    public Use offer(long issuedAt, long nonceDigest) {
        long now = clock.millis() / 1000;
        sweep(now);
        if (entries.get() >= maxEntries) {
            return Use.FULL;
        }
        LongSet set = buckets.computeIfAbsent(issuedAt / BUCKET_SECONDS, k -> new LongSet());
        if (!set.add(nonceDigest)) {
            return Use.REPLAY;
        }
        entries.incrementAndGet();
        return Use.FIRST;
    }

    /**
     * Marks a nonce seen before this process started (a change it made is in the database), so a
     * restart does not let its token be replayed.
     *
     * @param nonceHex the token's 12-byte nonce as hex
     * @param validUntilMillis when the token expires
     */
    public void seed(String nonceHex, long validUntilMillis) {
        offer(validUntilMillis / 1000 - maxSkewSeconds, DeviceToken.nonceDigest(java.util.HexFormat.of().parseHex(nonceHex)));
    }

    /** Nonces currently remembered. */
    public long size() {
        return entries.get();
    }

    private void sweep(long nowSeconds) {
        long minute = nowSeconds / BUCKET_SECONDS;
        long last = sweptMinute.get();
        if (last == minute || !sweptMinute.compareAndSet(last, minute)) {
            return;
        }
        // A bucket's newest token (issued at its last second) is fresh until that second plus
        // the skew; after that nobody can present a token from it, so its nonces can go.
        buckets.entrySet().removeIf(e -> {
            boolean expired = (e.getKey() + 1) * BUCKET_SECONDS - 1 + maxSkewSeconds < nowSeconds;
            if (expired) {
                entries.addAndGet(-e.getValue().size());
            }
            return expired;
        });
    }

    /** Open-addressing set of longs; 16 bytes per entry at worst instead of a boxed node's 50. */
    private static final class LongSet {
        private long[] slots = new long[64];
        private boolean hasZero;
        private int size;

        synchronized boolean add(long value) {
            if (value == 0) {
                if (hasZero) {
                    return false;
                }
                hasZero = true;
                size++;
                return true;
            }
            if ((size + 1) * 2 > slots.length) {
                grow();
            }
            if (!insert(slots, value)) {
                return false;
            }
            size++;
            return true;
        }

        synchronized int size() {
            return size;
        }

        private static boolean insert(long[] table, long value) {
            int mask = table.length - 1;
            int i = (int) (value ^ (value >>> 32)) * 0x9E3779B9 & mask;
            while (table[i] != 0) {
                if (table[i] == value) {
                    return false;
                }
                i = (i + 1) & mask;
            }
            table[i] = value;
            return true;
        }

        private void grow() {
            long[] bigger = new long[slots.length * 2];
            for (long v : slots) {
                if (v != 0) {
                    insert(bigger, v);
                }
            }
            slots = bigger;
        }
    }
}
