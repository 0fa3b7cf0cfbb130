package dev.beacon.zone;

import dev.beacon.token.TokenKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A DNS zone Beacon is authoritative for, with everything configured about it. Immutable.
 *
 * @param name the apex, lowercase, without trailing dot ({@code ddns.test})
 * @param ttl TTL of the device records, seconds
 * @param nameServers the NS records at the apex, with glue for those inside the zone; the first
 *     is the SOA MNAME
 * @param hostmaster SOA RNAME in mailbox form ({@code hostmaster.ddns.test})
 * @param soa SOA timers
 * @param policy what devices may do
 * @param fields the custom fields this zone collects, by name
 * @param keys the token keys that select this zone
 * @param transfer who may transfer the zone, and which secondaries are notified of changes
 * @param masters the master keys version 2 device keys derive from, by master id
 * @param updates which TSIG keys may change which names by RFC 2136 UPDATE
 */
public record Zone(String name, int ttl, List<NameServer> nameServers, String hostmaster, Soa soa,
        ZonePolicy policy, Map<String, FieldSpec> fields, List<TokenKey> keys, ZoneTransfer transfer,
        List<TokenKey> masters, ZoneUpdates updates) {

    public Zone {
        name = name.toLowerCase(Locale.ROOT);
        nameServers = List.copyOf(nameServers);
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        keys = List.copyOf(keys);
        masters = List.copyOf(masters);
        if (ttl < 0 || ttl > 604_800) {
            throw new IllegalArgumentException("ttl must be 0..604800 seconds");
        }
        if (nameServers.isEmpty()) {
            throw new IllegalArgumentException("a zone needs at least one name server");
        }
        hostmaster = hostmaster.toLowerCase(Locale.ROOT);
        java.util.Objects.requireNonNull(transfer, "transfer");
        java.util.Objects.requireNonNull(updates, "updates");
    }

    /** A zone nobody may change by RFC 2136 UPDATE. */
    public Zone(String name, int ttl, List<NameServer> nameServers, String hostmaster, Soa soa, ZonePolicy policy,
            Map<String, FieldSpec> fields, List<TokenKey> keys, ZoneTransfer transfer, List<TokenKey> masters) {
        this(name, ttl, nameServers, hostmaster, soa, policy, fields, keys, transfer, masters, ZoneUpdates.none());
    }

    /** A zone without version 2 master keys. */
    public Zone(String name, int ttl, List<NameServer> nameServers, String hostmaster, Soa soa, ZonePolicy policy,
            Map<String, FieldSpec> fields, List<TokenKey> keys, ZoneTransfer transfer) {
        this(name, ttl, nameServers, hostmaster, soa, policy, fields, keys, transfer, List.of());
    }

    /** A zone no secondary may transfer. */
    public Zone(String name, int ttl, List<NameServer> nameServers, String hostmaster, Soa soa, ZonePolicy policy,
            Map<String, FieldSpec> fields, List<TokenKey> keys) {
        this(name, ttl, nameServers, hostmaster, soa, policy, fields, keys, ZoneTransfer.none());
    }

    /** A zone with default DNS details: {@code ns1.NAME}, {@code hostmaster.NAME}, default SOA timers. */
    public static Zone of(String name, ZonePolicy policy, Map<String, FieldSpec> fields, List<TokenKey> keys) {
        String apex = name.toLowerCase(Locale.ROOT);
        return new Zone(apex, 60, List.of(NameServer.named("ns1." + apex)), "hostmaster." + apex, Soa.defaults(), policy,
                fields, keys);
    }

    /** The fully qualified name of a label in this zone. */
    public String fqdn(String label) {
        return label + "." + name;
    }

    public Zone withPolicy(ZonePolicy newPolicy) {
        return new Zone(name, ttl, nameServers, hostmaster, soa, newPolicy, fields, keys, transfer, masters, updates);
    }

    public Zone withUpdates(ZoneUpdates newUpdates) {
        return new Zone(name, ttl, nameServers, hostmaster, soa, policy, fields, keys, transfer, masters, newUpdates);
    }

    public Zone withMasters(List<TokenKey> newMasters) {
        return new Zone(name, ttl, nameServers, hostmaster, soa, policy, fields, keys, transfer, newMasters, updates);
    }

    @Override
    public String toString() {
        return "Zone[" + name + "]";
    }
}
