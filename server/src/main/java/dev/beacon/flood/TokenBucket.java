package dev.beacon.flood;

/** One key's bucket. Thread-safe (synchronised; held for a few arithmetic operations). */
final class TokenBucket {

    private final Rate rate;
    private double tokens;
    private long lastNanos;

    TokenBucket(Rate rate, long nowNanos) {
        this.rate = rate;
        this.tokens = rate.burst();
        this.lastNanos = nowNanos;
    }

    /** Takes one token: returns 0 when allowed, else the nanoseconds until one is available. */
    synchronized long take(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / rate.perSecond() * 1e9);
    }

    /** 0 when a token is there to take, else the nanoseconds until one is; takes nothing. */
    synchronized long peek(long nowNanos) {
        refill(nowNanos);
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / rate.perSecond() * 1e9);
    }

    /** When the bucket was last used (taken from, peeked at, or made). */
    synchronized long lastUsedNanos() {
        return lastNanos;
    }

    /** True when the bucket is full, so forgetting it changes nothing. */
    synchronized boolean isFull(long nowNanos) {
        refill(nowNanos);
        return tokens >= rate.burst();
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(rate.burst(), tokens + elapsed * rate.perSecond() / 1e9);
            lastNanos = nowNanos;
        }
    }
}
