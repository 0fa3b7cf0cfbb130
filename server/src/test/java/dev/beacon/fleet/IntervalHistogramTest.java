package dev.beacon.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IntervalHistogramTest {

    @Test
    void intervalsAreBinnedBetweenTheBoundsWithinABucketsWidth() {
        IntervalHistogram h = new IntervalHistogram();
        h.add(5);
        h.add(40);
        h.add(120);
        h.add(600);
        h.add(600);
        h.add(100_000);

        assertThat(h.binned(List.of(60L, 300L, 900L, 3600L))).containsExactly(2L, 1L, 2L, 0L, 1L);
    }

    @Test
    void anEmptyHistogramHasEmptyBins() {
        assertThat(new IntervalHistogram().binned(List.of(60L))).containsExactly(0L, 0L);
    }

    @Test
    void theMedianIsWithinABucketOfTheMiddleInterval() {
        IntervalHistogram h = new IntervalHistogram();
        for (int s : new int[] {50, 60, 70}) {
            h.add(s);
        }
        assertThat(h.median()).isBetween(60 / 1.19, 60 * 1.19);
    }
}
