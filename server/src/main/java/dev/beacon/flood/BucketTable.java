package dev.beacon.flood;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Buckets by key, bounded in size: a new key in a full table evicts the least recently used of
 * a sample of buckets (as Redis approximates LRU), so the table never lets a key through
 * unlimited and a spray of new keys only pushes out idle ones. Thread-safe.
 */
final class BucketTable<K> {

    /** Buckets looked at to choose one to evict. */
    private static final int EVICTION_SAMPLE = 32;

    private final Rate rate;
    private final int maxTracked;
    private final ConcurrentHashMap<K, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong evicted = new AtomicLong();

    BucketTable(Rate rate, int maxTracked) {
        this.rate = rate;
        this.maxTracked = maxTracked;
    }

    /** 0 when allowed, else nanoseconds until the key may try again. */
    long take(K key, long nowNanos) {
        return bucket(key, nowNanos).take(nowNanos);
    }

    /** 0 when the key has a token to take, else nanoseconds until it has; takes nothing. */
    long peek(K key, long nowNanos) {
        TokenBucket bucket = buckets.get(key);
        return bucket == null ? 0 : bucket.peek(nowNanos);
    }

    private TokenBucket bucket(K key, long nowNanos) {
        TokenBucket bucket = buckets.get(key);
        if (bucket == null) {
            if (buckets.size() >= maxTracked) {
                evictOne();
            }
            bucket = buckets.computeIfAbsent(key, k -> new TokenBucket(rate, nowNanos));
        }
        return bucket;
    }

    /** Drops the least recently used bucket of a sample. */
    private void evictOne() {
        K oldest = null;
        long oldestUse = Long.MAX_VALUE;
        Iterator<Map.Entry<K, TokenBucket>> it = buckets.entrySet().iterator();
        for (int i = 0; i < EVICTION_SAMPLE && it.hasNext(); i++) {
            Map.Entry<K, TokenBucket> e = it.next();
            long used = e.getValue().lastUsedNanos();
            if (used < oldestUse) {
                oldestUse = used;
                oldest = e.getKey();
            }
        }
        if (oldest != null && buckets.remove(oldest) != null) {
            evicted.incrementAndGet();
        }
    }

    /** Forgets full buckets: a full bucket is the same as none. */
    void sweep(long nowNanos) {
        buckets.values().removeIf(b -> b.isFull(nowNanos));
    }

    int size() {
        return buckets.size();
    }

    /** Buckets evicted to make room since the last call, and resets the count. */
    long takeEvicted() {
        return evicted.getAndSet(0);
    }
}
