package dev.beacon.record;

/**
 * What a name carries beyond its addresses, fields and TXT values, which few names do: a plain
 * name holds none (null), so a zone of a million pays nothing for what a few use.
 *
 * @param interfaceId the host part of its IPv6 address when that follows its device's prefix
 *     ({@link PrefixChange}), or null: the address is then as given
 * @param ttl the TTL of its records in seconds, or 0 for its zone's
 */
public record NameExtras(InterfaceId interfaceId, int ttl) {

    /** The longest TTL a zone may allow (RFC 8767's suggested cap on what resolvers keep is 7 days). */
    public static final int MAX_TTL = 604_800;

    public NameExtras {
        if (ttl < 0 || ttl > MAX_TTL) {
            throw new IllegalArgumentException("ttl " + ttl + " is not 0.." + MAX_TTL);
        }
    }

    /** Extras holding these, or null when they hold nothing. */
    public static NameExtras of(InterfaceId interfaceId, int ttl) {
        return interfaceId == null && ttl == 0 ? null : new NameExtras(interfaceId, ttl);
    }
}
