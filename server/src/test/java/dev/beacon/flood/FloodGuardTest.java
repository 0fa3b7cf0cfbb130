package dev.beacon.flood;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.ip.IpLiteral;
import dev.beacon.token.DeviceId;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FloodGuardTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
    private final FloodGuard guard = new FloodGuard(FloodLimits.defaults(), nanos::get);
    private final DeviceId cam = DeviceId.parse("SN-1");

    @Test
    void clientFollowingTheNoFloodRulesIsNeverLimited() {
        // Boot: an update, a 13, an add; then an update whenever the address changes, at most
        // every poll interval (300 s), for a day, plus a reboot every hour.
        assertThat(guard.checkDevice("z", cam)).isZero();
        assertThat(guard.checkDevice("z", cam)).isZero();
        assertThat(guard.checkDevice("z", cam)).isZero();
        for (int i = 0; i < 288; i++) {
            advanceSeconds(300);
            assertThat(guard.checkDevice("z", cam)).isZero();
            if (i % 12 == 0) {
                assertThat(guard.checkDevice("z", cam)).isZero();
            }
        }
    }

    @Test
    void deviceUpdatingEverySecondIsLimitedWithinSeconds() {
        long firstRefusal = -1;
        for (int second = 0; second < 60 && firstRefusal < 0; second++) {
            if (guard.checkDevice("z", cam) > 0) {
                firstRefusal = second;
            }
            advanceSeconds(1);
        }
        assertThat(firstRefusal).isBetween(1L, 15L);
    }

    @Test
    void limitedDeviceIsToldHowLongToWait() {
        for (int i = 0; i < 10; i++) {
            guard.checkDevice("z", cam);
        }
        assertThat(guard.checkDevice("z", cam)).isBetween(1L, 30L);
    }

    @Test
    void limitOfOneDeviceDoesNotTouchAnother() {
        for (int i = 0; i < 20; i++) {
            guard.checkDevice("z", cam);
        }
        assertThat(guard.checkDevice("z", DeviceId.parse("SN-2"))).isZero();
    }

    @Test
    void thousandsOfDevicesBehindOneNatPollingEveryFiveMinutesAreNotLimited() {
        var nat = IpLiteral.parse("198.51.100.1");
        // 5,000 devices polling ipdetect every 300 s: about 17 requests a second from one address.
        for (int i = 0; i < 5_000; i++) {
            assertThat(guard.checkAddress(nat)).isZero();
            nanos.addAndGet(60_000_000L);
        }
    }

    @Test
    void oneAddressFloodingIsLimited() {
        var flooder = IpLiteral.parse("198.51.100.2");
        long refused = 0;
        for (int i = 0; i < 5_000; i++) {
            if (guard.checkAddress(flooder) > 0) {
                refused++;
            }
        }
        assertThat(refused).isGreaterThan(3_000);
    }

    @Test
    void ipv6AddressesOfOneSlash64ShareALimit() {
        for (int i = 0; i < 1_000; i++) {
            guard.checkAddress(IpLiteral.parse("2001:db8:1:2::" + Integer.toHexString(i + 1)));
        }
        assertThat(guard.checkAddress(IpLiteral.parse("2001:db8:1:2:ffff::1"))).isPositive();
        assertThat(guard.checkAddress(IpLiteral.parse("2001:db8:1:3::1"))).isZero();
    }

    @Test
    void sweepForgetsIdleBucketsWithoutChangingDecisions() {
        for (int i = 0; i < 10; i++) {
            guard.checkDevice("z", cam);
        }
        advanceSeconds(3600);
        guard.sweep();
        for (int i = 0; i < 10; i++) {
            assertThat(guard.checkDevice("z", cam)).isZero();
        }
    }

    @Test
    void h2AFullTableEvictsTheLeastRecentlyUsedKeyRatherThanLetANewKeyThroughUnlimited() {
        FloodGuard small = new FloodGuard(new FloodLimits(new Rate(1, 0.001), new Rate(100, 100), new Rate(100, 100), 6,
                2), nanos::get);
        DeviceId idle = DeviceId.parse("SN-idle");
        DeviceId busy = DeviceId.parse("SN-busy");
        DeviceId fresh = DeviceId.parse("SN-new");
        assertThat(small.checkDevice("z", idle)).isZero();
        advanceSeconds(1);
        assertThat(small.checkDevice("z", busy)).isZero();
        advanceSeconds(1);

        assertThat(small.checkDevice("z", fresh)).isZero();
        assertThat(small.checkDevice("z", fresh)).as("the new key is limited like any").isPositive();
        assertThat(small.checkDevice("z", busy)).as("the recently used key kept its bucket").isPositive();
    }

    @Test
    void h3AddressesOfOneSlash24ShareANetworkLimit() {
        FloodGuard guard = new FloodGuard(new FloodLimits(new Rate(10, 1), new Rate(100, 1), new Rate(5, 0.01), 6,
                1000), nanos::get);
        for (int i = 1; i <= 5; i++) {
            assertThat(guard.checkAddress(IpLiteral.parse("198.51.100." + i))).isZero();
        }
        assertThat(guard.checkAddress(IpLiteral.parse("198.51.100.99"))).isPositive();
        assertThat(guard.checkAddress(IpLiteral.parse("198.51.101.1"))).as("the next /24").isZero();
    }

    @Test
    void h3Ipv6AddressesOfOneSlash48ShareANetworkLimit() {
        FloodGuard guard = new FloodGuard(new FloodLimits(new Rate(10, 1), new Rate(100, 1), new Rate(3, 0.01), 6,
                1000), nanos::get);
        for (int i = 1; i <= 3; i++) {
            assertThat(guard.checkAddress(IpLiteral.parse("2001:db8:1:" + i + "::1"))).isZero();
        }
        assertThat(guard.checkAddress(IpLiteral.parse("2001:db8:1:ff::1"))).isPositive();
        assertThat(guard.checkAddress(IpLiteral.parse("2001:db8:2::1"))).isZero();
    }

    @Test
    void h4ADeviceOutOfItsHoursNoChangeUpdatesWaitsUntilOneRefills() {
        for (int i = 0; i < 6; i++) {
            assertThat(guard.checkDevice("z", cam)).isZero();
            guard.unchanged("z", cam);
            advanceSeconds(31);
        }
        long wait = guard.checkDevice("z", cam);
        assertThat(wait).as("six 08 an hour by default; the seventh waits for the allowance").isBetween(400L, 600L);
        assertThat(guard.checkDevice("z", DeviceId.parse("SN-2"))).as("another device is untouched").isZero();
        advanceSeconds(wait);
        assertThat(guard.checkDevice("z", cam)).isZero();
    }

    private void advanceSeconds(long s) {
        nanos.addAndGet(s * 1_000_000_000L);
    }
}
