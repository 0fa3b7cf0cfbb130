package dev.beacon.record;

import java.util.List;

/**
 * What a name carries beyond its addresses, fields and TXT values, which few names do: a plain
 * name holds none (null), so a zone of a million pays nothing for what a few use.
 *
 * @param interfaceId the host part of its IPv6 address when that follows its device's prefix
 *     ({@link PrefixChange}), or null: the address is then as given
 * @param ttl the TTL of its records in seconds, or 0 for its zone's
 * @param records its CNAME, MX, SRV and TLSA records, by type ({@link ExtraRecord.Kind} order)
 * @param txtSetAt when each of its TXT values was set (epoch millis), in their order; empty when
 *     not known (values stored before Beacon kept it: the record's update time stands for it)
 */
public record NameExtras(InterfaceId interfaceId, int ttl, List<ExtraRecord> records, List<Long> txtSetAt) {

    /** The longest TTL a zone may allow (RFC 8767's suggested cap on what resolvers keep is 7 days). */
    public static final int MAX_TTL = 604_800;

    public NameExtras {
        if (ttl < 0 || ttl > MAX_TTL) {
            throw new IllegalArgumentException("ttl " + ttl + " is not 0.." + MAX_TTL);
        }
        records = List.copyOf(records);
        txtSetAt = List.copyOf(txtSetAt);
    }

    public NameExtras(InterfaceId interfaceId, int ttl, List<ExtraRecord> records) {
        this(interfaceId, ttl, records, List.of());
    }

    public NameExtras(InterfaceId interfaceId, int ttl) {
        this(interfaceId, ttl, List.of());
    }

    /** Extras holding these, or null when they hold nothing. */
    public static NameExtras of(InterfaceId interfaceId, int ttl, List<ExtraRecord> records, List<Long> txtSetAt) {
        return interfaceId == null && ttl == 0 && records.isEmpty() && txtSetAt.isEmpty() ? null
                : new NameExtras(interfaceId, ttl, records, txtSetAt);
    }

    /** As {@link #of(InterfaceId, int, List, List)} without TXT times. */
    public static NameExtras of(InterfaceId interfaceId, int ttl, List<ExtraRecord> records) {
        return of(interfaceId, ttl, records, List.of());
    }

    /** As {@link #of(InterfaceId, int, List)} without records. */
    public static NameExtras of(InterfaceId interfaceId, int ttl) {
        return of(interfaceId, ttl, List.of());
    }
}
