package dev.beacon.flood;

/**
 * How much traffic Beacon takes before it answers 911.
 *
 * @param device per device (authenticated requests): the default, a burst of 10 then one request
 *     every 30 s, never trips a client that follows the no-flood rules (an update on boot and on
 *     each address change) and always trips one that updates every second
 * @param address per client address (IPv6 by /64): generous, because thousands of devices can
 *     share one carrier-grade NAT address, yet bounded
 * @param maxTracked most buckets kept per table; past it new keys are not limited (and a warning is
 *     logged) rather than refused, so a spray of addresses cannot lock devices out
 */
public record FloodLimits(Rate device, Rate address, int maxTracked) {

    public static FloodLimits defaults() {
        return new FloodLimits(Rate.perMinute(10, 2), new Rate(1000, 50), 1_000_000);
    }
}
