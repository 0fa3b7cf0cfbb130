package dev.beacon.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The offender counts: never below the truth, and the heavy keys always found. */
class HeavyHittersProperties {

    @Property(tries = 50)
    void aReportedCountIsNeverBelowTheTrueCount(@ForAll @Size(max = 3000) List<@IntRange(max = 500) Integer> stream) {
        AtomicLong clock = new AtomicLong(1_000_000);
        HeavyHitters hitters = new HeavyHitters(10, clock::get);
        Map<String, Long> truth = new HashMap<>();
        for (int k : stream) {
            hitters.add("k" + k);
            truth.merge("k" + k, 1L, Long::sum);
        }
        for (HeavyHitters.Hitter h : hitters.top()) {
            assertThat(h.count()).isGreaterThanOrEqualTo(truth.get(h.key()));
        }
    }

    @Property(tries = 20)
    void aKeyFarAboveTheRestLeadsAmongAHundredThousandOthers(@ForAll @IntRange(min = 1, max = 1000) int seed) {
        AtomicLong clock = new AtomicLong(1_000_000);
        HeavyHitters hitters = new HeavyHitters(5, clock::get);
        java.util.Random random = new java.util.Random(seed);
        for (int i = 0; i < 100_000; i++) {
            hitters.add("device-" + random.nextInt(1_000_000));
            if (i % 50 == 0) {
                hitters.add("flooder");
            }
        }
        assertThat(hitters.top().get(0).key()).isEqualTo("flooder");
        assertThat(hitters.top().get(0).count()).isGreaterThanOrEqualTo(2000);
    }

    @Property(tries = 10)
    void countsLeaveTheReportOnceTheyAreOlderThanTwoHours(@ForAll @IntRange(min = 1, max = 50) int n) {
        AtomicLong clock = new AtomicLong(1_000_000);
        HeavyHitters hitters = new HeavyHitters(5, clock::get);
        for (int i = 0; i < n; i++) {
            hitters.add("old");
        }
        clock.addAndGet(2 * HeavyHitters.WINDOW_MILLIS + 1);
        hitters.add("new");
        assertThat(hitters.top()).extracting(HeavyHitters.Hitter::key).containsExactly("new");
    }
}
