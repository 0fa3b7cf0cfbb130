package dev.beacon.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void waitsGrowExponentiallyWithJitterUpToTheCap() {
        Backoff b = new Backoff(Duration.ofSeconds(30), Duration.ofMinutes(8), new Random(1));
        long[] ceilings = {30, 60, 120, 240, 480, 480, 480};
        for (long ceiling : ceilings) {
            Duration d = b.next(0);
            assertThat(d.toMillis()).isBetween(ceiling * 500, ceiling * 1000);
        }
    }

    @Test
    void neverSoonerThanRetryAfter() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), new Random(1));
        assertThat(b.next(90)).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void successStartsOver() {
        Backoff b = new Backoff(Duration.ofSeconds(30), Duration.ofHours(1), new Random(1));
        for (int i = 0; i < 5; i++) {
            b.next(0);
        }
        b.reset();
        assertThat(b.next(0).toMillis()).isLessThanOrEqualTo(30_000);
    }

    @Test
    void twoClientsThatFailTogetherDoNotRetryTogether() {
        Backoff a = new Backoff(Duration.ofSeconds(30), Duration.ofHours(1), new Random(1));
        Backoff b = new Backoff(Duration.ofSeconds(30), Duration.ofHours(1), new Random(2));
        assertThat(a.next(0)).isNotEqualTo(b.next(0));
    }
}
