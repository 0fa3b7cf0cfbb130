package dev.beacon.client;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long to wait after a failure (911, 12, no network): exponential from {@code base}, capped,
 * with jitter so a fleet that failed together does not retry together, and never shorter than
 * the server's {@code Retry-After}. Not thread-safe: one per client.
 */
public final class Backoff {

    private final Duration base;
    private final Duration max;
    private final RandomGenerator random;
    private int failures;

    public Backoff(Duration base, Duration max, RandomGenerator random) {
        this.base = base;
        this.max = max;
        this.random = random;
    }

    public static Backoff standard(RandomGenerator random) {
        return new Backoff(Duration.ofSeconds(30), Duration.ofHours(1), random);
    }

    /** The wait after one more failure, given the server's Retry-After (0 when none). */
    public Duration next(long retryAfterSeconds) {
        long ceiling = Math.min(max.toMillis(), base.toMillis() << Math.min(failures, 20));
        failures++;
        // "Equal jitter": half the delay fixed, half random, so waits grow yet spread out.
        long millis = ceiling / 2 + (long) (random.nextDouble() * (ceiling / 2.0));
        return Duration.ofMillis(Math.max(millis, retryAfterSeconds * 1000));
    }

    /** After a success the next failure starts from the base again. */
    public void reset() {
        failures = 0;
    }

    public int failures() {
        return failures;
    }
}
