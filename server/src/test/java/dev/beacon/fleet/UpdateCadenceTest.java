package dev.beacon.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UpdateCadenceTest {

    @Test
    void theSecondUpdateOfADeviceGivesTheSecondsSinceItsFirst() {
        UpdateCadence cadence = new UpdateCadence(100);
        assertThat(cadence.heard("z", "SN-1", 10_000)).isEqualTo(-1);
        assertThat(cadence.heard("z", "SN-1", 310_000)).isEqualTo(300.0);
    }

    @Test
    void pastItsLimitItKeepsAFixedShareOfDevicesAndSaysWhichShare() {
        UpdateCadence cadence = new UpdateCadence(1000);
        for (int i = 0; i < 10_000; i++) {
            cadence.heard("z", "SN-" + i, 1000);
        }
        assertThat(cadence.sampling()).isGreaterThanOrEqualTo(8);
        int measured = 0;
        for (int i = 0; i < 10_000; i++) {
            if (cadence.heard("z", "SN-" + i, 61_000) == 60.0) {
                measured++;
            }
        }
        // The same devices stay in the sample: about one in sampling() of them is measured.
        assertThat(measured).isBetween((int) (10_000 / cadence.sampling() / 2), 1000);
    }

    @Test
    void theMedianIsWithinABucketOfTheTrueMedian() {
        IntervalHistogram h = new IntervalHistogram();
        for (int i = 0; i < 99; i++) {
            h.add(300);
        }
        h.add(5);
        assertThat(h.median()).isBetween(300 / 1.2, 300 * 1.2);
        assertThat(new IntervalHistogram().median()).isEqualTo(-1);
    }
}
