package dev.beacon.transfer;

import dev.beacon.registry.RegistrySnapshot;
import dev.beacon.registry.ZoneState;
import dev.beacon.tsig.DnsName;
import dev.beacon.zone.Zone;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A catalog zone (RFC 9432, version 2) listing Beacon's zones, so a secondary that follows the
 * catalog serves every zone in it, a new one included, with no change to its own configuration.
 * Its serial is the time this process started (seconds, modulo 2^32): the zone list changes only
 * with a restart, which moves it forward. Immutable.
 *
 * @param zone the catalog's own zone: its name and who may transfer it and whom to notify
 * @param serial the catalog's SOA serial
 * @param members the zones it lists
 */
public record Catalog(Zone zone, long serial, List<Zone> members) {

    public Catalog {
        members = List.copyOf(members);
    }

    /**
     * Every zone's state by name, the catalog's (when there is one) beside the registry's: what
     * transfers and NOTIFY read.
     *
     * @param catalog the catalog, or null
     */
    public static Function<String, ZoneState> states(Supplier<RegistrySnapshot> snapshots, Catalog catalog) {
        return name -> {
            ZoneState state = snapshots.get().zone(name);
            return state == null && catalog != null && catalog.zone.name().equals(name) ? catalog.state() : state;
        };
    }

    /** The catalog as zone state: no device names, at its serial, for the query path and NOTIFY. */
    public ZoneState state() {
        return ZoneState.empty(zone, serial);
    }

    /**
     * The catalog's records in AXFR order: SOA, NS ({@code invalid.}, RFC 9432 §4.1), the schema
     * version, one PTR per member, SOA again.
     */
    List<ZoneRr> records() {
        List<ZoneRr> out = new ArrayList<>();
        ZoneRr soa = ZoneRrs.soa(zone, serial);
        out.add(soa);
        out.add(new ZoneRr("", ZoneRr.NS, zone.soa().ttl(), DnsName.wire("invalid")));
        out.add(new ZoneRr("version", ZoneRr.TXT, 0, new byte[] {1, '2'}));
        for (Zone member : members) {
            out.add(new ZoneRr(uniqueLabel(member.name()) + ".zones", ZoneRr.PTR, 0, DnsName.wire(member.name())));
        }
        out.add(soa);
        return out;
    }

    /**
     * A member's label under {@code zones}: SHA-1 of its name in wire form, in hex, so it is the
     * same on every node and across restarts (a changed label would make secondaries reset the
     * member zone, RFC 9432 §5.6).
     */
    static String uniqueLabel(String member) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(DnsName.wire(member));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-1", e);
        }
    }

    @Override
    public String toString() {
        return "Catalog[" + zone.name() + ", serial " + serial + ", " + members.size() + " zones]";
    }
}
