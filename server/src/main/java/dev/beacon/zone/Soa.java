package dev.beacon.zone;

/**
 * The timers of a zone's SOA record (RFC 1035 §3.3.13). The serial is not here: it derives from
 * the change journal.
 *
 * @param ttl TTL of the SOA and NS records at the apex
 * @param refresh seconds between a secondary's checks
 * @param retry seconds before a secondary retries a failed check
 * @param expire seconds after which a secondary that cannot check stops answering
 * @param minimum the negative-caching TTL bound (RFC 2308): NXDOMAIN/NODATA are cached for
 *     min(ttl, minimum)
 */
public record Soa(int ttl, int refresh, int retry, int expire, int minimum) {

    public Soa {
        for (int v : new int[] {ttl, refresh, retry, expire, minimum}) {
            if (v < 0) {
                throw new IllegalArgumentException("SOA timers must not be negative");
            }
        }
    }

    public static Soa defaults() {
        return new Soa(3600, 3600, 600, 1_209_600, 60);
    }

    /** TTL of negative answers and of the SOA in their authority section (RFC 2308 §5). */
    public int negativeTtl() {
        return Math.min(ttl, minimum);
    }
}
