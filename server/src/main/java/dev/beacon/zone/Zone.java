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
 * @param nameServers NS names at the apex, fully qualified, without trailing dot
 * @param hostmaster SOA RNAME in mailbox form ({@code hostmaster.ddns.test})
 * @param policy what devices may do
 * @param fields the custom fields this zone collects, by name
 * @param keys the token keys that select this zone
 */
public record Zone(String name, int ttl, List<String> nameServers, String hostmaster, ZonePolicy policy,
        Map<String, FieldSpec> fields, List<TokenKey> keys) {

    public Zone {
        name = name.toLowerCase(Locale.ROOT);
        nameServers = List.copyOf(nameServers);
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        keys = List.copyOf(keys);
        if (ttl < 0 || ttl > 604_800) {
            throw new IllegalArgumentException("ttl must be 0..604800 seconds");
        }
    }

    /** The fully qualified name of a label in this zone. */
    public String fqdn(String label) {
        return label + "." + name;
    }

    public Zone withName(String newName) {
        return new Zone(newName, ttl, nameServers, hostmaster, policy, fields, keys);
    }

    public Zone withPolicy(ZonePolicy newPolicy) {
        return new Zone(name, ttl, nameServers, hostmaster, newPolicy, fields, keys);
    }

    @Override
    public String toString() {
        return "Zone[" + name + "]";
    }
}
