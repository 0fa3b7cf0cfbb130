package dev.beacon.flood;

/**
 * How much traffic Beacon takes before it answers 911.
 *
 * @param device per device (authenticated requests): the default, a burst of 10 then one request
 *     every 30 s, never trips a client that follows the no-flood rules (an update on boot and on
 *     each address change) and always trips one that updates every second
 * @param address per client address (IPv6 by /64): generous, because thousands of devices can
 *     share one carrier-grade NAT address, yet bounded
 * @param network per IPv4 /24 and IPv6 /48 together: a client that owns many addresses (a /48 has
 *     65,536 /64s) is one client
 * @param unchangedPerHour updates that change nothing ({@code 08}) one device may send an hour;
 *     past it the device hears 911 until its allowance refills
 * @param maxTracked most buckets kept per table; a new key in a full table evicts the least
 *     recently used of a sample, so no key is ever let through unlimited
 */
public record FloodLimits(Rate device, Rate address, Rate network, int unchangedPerHour, int maxTracked) {

    public static FloodLimits defaults() {
        return new FloodLimits(Rate.perMinute(10, 2), new Rate(1000, 50), new Rate(5000, 250), 6, 1_000_000);
    }

    /** The no-change allowance as a bucket: the hour's allowance at once, refilled over the hour. */
    Rate unchanged() {
        return new Rate(unchangedPerHour, unchangedPerHour / 3600.0);
    }
}
