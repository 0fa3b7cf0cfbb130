package dev.beacon.transfer;

import dev.beacon.ip.IpLiteral;
import dev.beacon.record.NameRecord;
import dev.beacon.registry.ZoneState;
import dev.beacon.zone.Soa;
import dev.beacon.zone.Zone;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Iterator;

/**
 * A zone as a master file (RFC 1035 §5): the same records AXFR sends (SOA, apex NS and glue,
 * each device name's A, AAAA and TXT, and its {@code _acme-challenge} TXT), one per line with
 * absolute owner names, so {@code named-checkzone} and {@code kzonecheck} read it and any
 * authoritative server can load it. Stateless.
 */
public final class ZoneFile {

    private ZoneFile() {
    }

    /** Writes the zone at the state's serial. */
    public static void write(ZoneState state, Appendable out) throws IOException {
        Zone zone = state.zone();
        out.append("; zone ").append(zone.name()).append(" at serial ").append(Long.toString(state.lastSeq() & 0xFFFFFFFFL))
                .append(", exported by beacon\n");
        out.append("$ORIGIN ").append(zone.name()).append(".\n");
        Soa soa = zone.soa();
        out.append("@\t").append(Integer.toString(soa.ttl())).append("\tIN\tSOA\t").append(zone.nameServers().get(0).name())
                .append(". ").append(zone.hostmaster()).append(". ").append(Long.toString(state.lastSeq() & 0xFFFFFFFFL))
                .append(' ').append(Integer.toString(soa.refresh())).append(' ').append(Integer.toString(soa.retry()))
                .append(' ').append(Integer.toString(soa.expire())).append(' ').append(Integer.toString(soa.minimum()))
                .append('\n');
        for (ZoneRr rr : ZoneRrs.apex(zone)) {
            line(rr, out);
        }
        for (Iterator<NameRecord> records = state.records(); records.hasNext(); ) {
            for (ZoneRr rr : ZoneRrs.of(records.next(), zone)) {
                line(rr, out);
            }
        }
    }

    private static void line(ZoneRr rr, Appendable out) throws IOException {
        out.append(rr.owner().isEmpty() ? "@" : rr.owner()).append('\t').append(Integer.toString(rr.ttl()))
                .append("\tIN\t");
        switch (rr.type()) {
            case ZoneRr.A, ZoneRr.AAAA -> out.append(rr.type() == ZoneRr.A ? "A\t" : "AAAA\t")
                    .append(IpLiteral.format(address(rr.rdata())));
            case ZoneRr.NS -> out.append("NS\t").append(name(rr.rdata()));
            case ZoneRr.TXT -> out.append("TXT\t").append(quoted(rr.rdata()));
            case ZoneRr.CNAME -> out.append("CNAME\t").append(name(rr.rdata()));
            case ZoneRr.SRV -> out.append("SRV\t").append(Integer.toString(u16(rr.rdata(), 0))).append(' ')
                    .append(Integer.toString(u16(rr.rdata(), 2))).append(' ').append(Integer.toString(u16(rr.rdata(), 4)))
                    .append(' ').append(name(java.util.Arrays.copyOfRange(rr.rdata(), 6, rr.rdata().length)));
            case ZoneRr.TLSA -> out.append("TLSA\t").append(Integer.toString(rr.rdata()[0])).append(' ')
                    .append(Integer.toString(rr.rdata()[1])).append(' ').append(Integer.toString(rr.rdata()[2])).append(' ')
                    .append(java.util.HexFormat.of().formatHex(rr.rdata(), 3, rr.rdata().length));
            case ZoneRr.MX -> out.append("MX\t").append(Integer.toString((rr.rdata()[0] & 0xFF) << 8 | rr.rdata()[1] & 0xFF))
                    .append(' ').append(name(java.util.Arrays.copyOfRange(rr.rdata(), 2, rr.rdata().length)));
            default -> throw new IllegalStateException("no master-file form for type " + rr.type());
        }
        out.append('\n');
    }

    private static int u16(byte[] rdata, int at) {
        return (rdata[at] & 0xFF) << 8 | rdata[at + 1] & 0xFF;
    }

    private static InetAddress address(byte[] rdata) {
        try {
            return InetAddress.getByAddress(rdata);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address record of " + rdata.length + " bytes", e);
        }
    }

    /** An uncompressed wire name as absolute text. */
    private static String name(byte[] wire) {
        StringBuilder out = new StringBuilder();
        for (int at = 0; wire[at] != 0; at += wire[at] + 1) {
            out.append(new String(wire, at + 1, wire[at], java.nio.charset.StandardCharsets.US_ASCII)).append('.');
        }
        return out.toString();
    }

    /** One character-string, quoted, with '"' and '\' escaped (values are printable ASCII). */
    private static String quoted(byte[] rdata) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 1; i <= (rdata[0] & 0xFF); i++) {
            char c = (char) rdata[i];
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }
}
