package dev.beacon.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.MutableClock;
import org.junit.jupiter.api.Test;

class ReplayCacheTest {

    private final MutableClock clock = new MutableClock(1_800_000_000_000L);
    private final ReplayCache cache = new ReplayCache(clock, 600, 1_000);

    @Test
    void aNonceIsAcceptedOnceAndThenReportedAsReplay() {
        long now = clock.millis() / 1000;
        assertThat(cache.offer(now, 42)).isEqualTo(ReplayCache.Use.FIRST);
        assertThat(cache.offer(now, 42)).isEqualTo(ReplayCache.Use.REPLAY);
        assertThat(cache.offer(now, 43)).isEqualTo(ReplayCache.Use.FIRST);
    }

    @Test
    void nonceOfZeroIsRememberedLikeAnyOther() {
        long now = clock.millis() / 1000;
        assertThat(cache.offer(now, 0)).isEqualTo(ReplayCache.Use.FIRST);
        assertThat(cache.offer(now, 0)).isEqualTo(ReplayCache.Use.REPLAY);
    }

    @Test
    void noncesAreForgottenOnceTheirTokensCanNoLongerBeFresh() {
        long issued = clock.millis() / 1000;
        cache.offer(issued, 7);
        clock.advanceSeconds(600 + 120);
        cache.offer(clock.millis() / 1000, 8);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void noncesAreKeptWhileTheirTokensAreStillFresh() {
        long issued = clock.millis() / 1000;
        cache.offer(issued, 7);
        clock.advanceSeconds(590);
        assertThat(cache.offer(issued, 7)).isEqualTo(ReplayCache.Use.REPLAY);
    }

    @Test
    void aFullCacheRefusesNewNoncesInsteadOfForgettingOld() {
        long now = clock.millis() / 1000;
        for (int i = 1; i <= 1_000; i++) {
            assertThat(cache.offer(now, i)).isEqualTo(ReplayCache.Use.FIRST);
        }
        assertThat(cache.offer(now, 5_000)).isEqualTo(ReplayCache.Use.FULL);
        assertThat(cache.offer(now, 5)).isEqualTo(ReplayCache.Use.FULL);
    }

    @Test
    void manyNoncesInOneMinuteAreAllRemembered() {
        ReplayCache big = new ReplayCache(clock, 600, 1_000_000);
        long now = clock.millis() / 1000;
        for (long i = 1; i <= 100_000; i++) {
            big.offer(now, i * 0x9E3779B97F4A7C15L);
        }
        assertThat(big.size()).isEqualTo(100_000);
        assertThat(big.offer(now, 777 * 0x9E3779B97F4A7C15L)).isEqualTo(ReplayCache.Use.REPLAY);
    }
}
