package dev.beacon.flood;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Buckets by key, bounded in size. Thread-safe. */
final class BucketTable<K> {

    private final Rate rate;
    private final int maxTracked;
    private final ConcurrentHashMap<K, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong untracked = new AtomicLong();

    BucketTable(Rate rate, int maxTracked) {
        this.rate = rate;
        this.maxTracked = maxTracked;
    }

    /** 0 when allowed, else nanoseconds until the key may try again. */
    long take(K key, long nowNanos) {
        TokenBucket bucket = buckets.get(key);
        if (bucket == null) {
            if (buckets.size() >= maxTracked) {
                untracked.incrementAndGet();
                return 0;
            }
            bucket = buckets.computeIfAbsent(key, k -> new TokenBucket(rate, nowNanos));
        }
        return bucket.take(nowNanos);
    }

    /** Forgets full buckets: a full bucket is the same as none. */
    void sweep(long nowNanos) {
        buckets.values().removeIf(b -> b.isFull(nowNanos));
    }

    int size() {
        return buckets.size();
    }

    /** Requests let through unchecked because the table was full, and resets the count. */
    long takeUntracked() {
        return untracked.getAndSet(0);
    }
}
