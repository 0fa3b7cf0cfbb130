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
        // Two rounds settle the sample (each new sampling level starts the table afresh).
        for (long at : new long[] {1_000, 61_000}) {
            for (int i = 0; i < 10_000; i++) {
                cadence.heard("z", "SN-" + i, at);
            }
        }
        assertThat(cadence.sampling()).isGreaterThanOrEqualTo(8);
        int measured = 0;
        for (int i = 0; i < 10_000; i++) {
            if (cadence.heard("z", "SN-" + i, 121_000) == 60.0) {
                measured++;
            }
        }
        // The same devices stay in the sample: a share of one in sampling() of them, less those sharing a slot.
        assertThat(measured).isBetween((int) (10_000 / cadence.sampling() / 3), (int) (10_000 / cadence.sampling()));
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
