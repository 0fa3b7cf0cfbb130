package dev.beacon.device;

import dev.beacon.record.InterfaceId;
import dev.beacon.record.Ipv6Prefix;
import dev.beacon.record.PrefixChange;
import dev.beacon.zone.ZonePolicy;

/**
 * Reads the IPv6 prefix fields of a request: {@code ipv6iid} (the interface id of the names the
 * request changes, {@code ::1234:5678:9abc:def0[/LENGTH]}; empty: they no longer have one) and
 * {@code myipv6prefix}, or dynv6's {@code ipv6prefix} (the prefix the device was delegated,
 * {@code 2001:db8:1:2::/64}; empty: none). Anything malformed, sent twice, or a prefix the zone
 * would not accept an address in, deserves 04.
 */
public final class PrefixInput {

    public static final String INTERFACE_ID = "ipv6iid";
    public static final String PREFIX = "myipv6prefix";
    public static final String DYNV6_PREFIX = "ipv6prefix";

    private PrefixInput() {
    }

    /** The change the fields ask for ({@link PrefixChange#NONE} when they are absent), or null for 04. */
    static PrefixChange parse(Params params, boolean interfaceIds, ZonePolicy policy) {
        InterfaceId iid = null;
        boolean clear = false;
        if (interfaceIds) {
            Params.Field field = params.field(INTERFACE_ID);
            if (field instanceof Params.Field.Duplicate) {
                return null;
            }
            if (field instanceof Params.Field.Value v) {
                if (v.text().isBlank()) {
                    clear = true;
                } else {
                    iid = InterfaceId.parse(v.text());
                    if (iid == null) {
                        return null;
                    }
                }
            }
        }
        Params.Field mine = params.field(PREFIX);
        Params.Field dynv6 = params.field(DYNV6_PREFIX);
        if (mine instanceof Params.Field.Duplicate || dynv6 instanceof Params.Field.Duplicate
                || mine instanceof Params.Field.Value && dynv6 instanceof Params.Field.Value) {
            return null;
        }
        Params.Field sent = mine instanceof Params.Field.Value ? mine : dynv6;
        Ipv6Prefix prefix = null;
        if (sent instanceof Params.Field.Value v && !v.text().isBlank()) {
            prefix = Ipv6Prefix.parse(v.text());
            if (prefix == null || !policy.allows(prefix.someHost())) {
                return null;
            }
        }
        return iid == null && !clear && prefix == null ? PrefixChange.NONE : new PrefixChange(iid, clear, prefix);
    }
}
