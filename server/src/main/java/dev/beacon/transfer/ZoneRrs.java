package dev.beacon.transfer;

import dev.beacon.record.Addresses;
import dev.beacon.record.ExtraRecord;
import dev.beacon.record.NameRecord;
import dev.beacon.tsig.DnsName;
import dev.beacon.zone.NameServer;
import dev.beacon.zone.Soa;
import dev.beacon.zone.Zone;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The records a zone's data makes, exactly as queries see them: the apex SOA, NS and glue, and
 * for each device name its A, AAAA, CNAME, MX and TXT records, the TXT values again at
 * {@code _acme-challenge.} the name, and its SRV and TLSA records under it. Stateless.
 */
final class ZoneRrs {

    private ZoneRrs() {
    }

    /** The apex SOA at {@code serial} (the zone's last journal sequence number, modulo 2^32). */
    static ZoneRr soa(Zone zone, long serial) {
        Soa soa = zone.soa();
        ByteArrayOutputStream rdata = new ByteArrayOutputStream(64);
        rdata.writeBytes(DnsName.wire(zone.nameServers().get(0).name()));
        rdata.writeBytes(DnsName.wire(zone.hostmaster()));
        for (long v : new long[] {serial, soa.refresh(), soa.retry(), soa.expire(), soa.minimum()}) {
            rdata.write((int) (v >>> 24));
            rdata.write((int) (v >>> 16));
            rdata.write((int) (v >>> 8));
            rdata.write((int) v);
        }
        return new ZoneRr("", ZoneRr.SOA, soa.ttl(), rdata.toByteArray());
    }

    /** The apex NS records and the glue of in-zone name servers. */
    static List<ZoneRr> apex(Zone zone) {
        List<ZoneRr> out = new ArrayList<>();
        int ttl = zone.soa().ttl();
        for (NameServer ns : zone.nameServers()) {
            out.add(new ZoneRr("", ZoneRr.NS, ttl, DnsName.wire(ns.name())));
        }
        for (NameServer ns : zone.nameServers()) {
            String label = ns.name().endsWith("." + zone.name())
                    ? ns.name().substring(0, ns.name().length() - zone.name().length() - 1) : null;
            for (InetAddress address : label == null ? List.<InetAddress>of() : ns.addresses()) {
                out.add(new ZoneRr(label, address instanceof Inet4Address ? ZoneRr.A : ZoneRr.AAAA, ttl,
                        address.getAddress()));
            }
        }
        return out;
    }

    /** A device name's records; none for a null record (a name that does not exist). */
    static List<ZoneRr> of(NameRecord record, Zone zone) {
        if (record == null) {
            return List.of();
        }
        List<ZoneRr> out = new ArrayList<>(2 + 2 * record.txt().size());
        int ttl = record.ttlOr(zone.ttl());
        Addresses a = record.addresses();
        if (a.hasV4()) {
            out.add(new ZoneRr(record.label(), ZoneRr.A, ttl, a.v4().getAddress()));
        }
        if (a.hasV6()) {
            out.add(new ZoneRr(record.label(), ZoneRr.AAAA, ttl, a.v6().getAddress()));
        }
        for (ExtraRecord extra : record.records()) {
            String owner = extra.owner().isEmpty() ? record.label() : extra.owner() + "." + record.label();
            out.add(new ZoneRr(owner, extra.kind().wireType(), ttl, extra.rdata()));
        }
        for (String owner : record.txt().isEmpty() ? List.<String>of()
                : List.of(record.label(), "_acme-challenge." + record.label())) {
            for (String value : record.txt()) {
                byte[] text = value.getBytes(StandardCharsets.US_ASCII);
                byte[] rdata = new byte[text.length + 1];
                rdata[0] = (byte) text.length;
                System.arraycopy(text, 0, rdata, 1, text.length);
                out.add(new ZoneRr(owner, ZoneRr.TXT, ttl, rdata));
            }
        }
        return out;
    }
}
