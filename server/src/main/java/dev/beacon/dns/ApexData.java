package dev.beacon.dns;

import dev.beacon.zone.NameServer;
import dev.beacon.zone.Zone;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a zone's DNS answers need from its configuration, encoded once at start-up: the apex as
 * wire labels for matching, and every name the apex records carry (NS targets, SOA MNAME and
 * RNAME) as "labels before the apex" so they compress against the question. Immutable.
 */
final class ApexData {

    /** A name as it is written in an answer: relative to the apex (then a pointer), or in full. */
    record EncodedName(byte[] labels, boolean underApex) {
    }

    /** An in-zone name server directly under the apex, with its glue. */
    record GlueHost(byte[] label, List<InetAddress> addresses) {

        /** Whether this host has an address that answers {@code qtype}. */
        boolean has(int qtype) {
            for (InetAddress address : addresses) {
                if (answers(address, qtype)) {
                    return true;
                }
            }
            return false;
        }

        /** A for IPv4, AAAA for IPv6, ANY for either. */
        static boolean answers(InetAddress address, int qtype) {
            boolean v4 = address instanceof java.net.Inet4Address;
            return qtype == Wire.ANY || v4 && qtype == Wire.A || !v4 && qtype == Wire.AAAA;
        }
    }

    final Zone zone;
    /** Apex labels, lowercase, last label last. */
    final byte[][] apexLabels;
    final List<EncodedName> nameServers;
    final EncodedName mname;
    final EncodedName rname;
    final List<GlueHost> glue;

    ApexData(Zone zone) {
        this.zone = zone;
        String[] parts = zone.name().split("\\.");
        apexLabels = new byte[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            apexLabels[i] = parts[i].getBytes(StandardCharsets.US_ASCII);
        }
        List<EncodedName> ns = new ArrayList<>();
        List<GlueHost> hosts = new ArrayList<>();
        for (NameServer server : zone.nameServers()) {
            EncodedName encoded = encode(server.name());
            ns.add(encoded);
            if (encoded.underApex() && !server.addresses().isEmpty()) {
                hosts.add(new GlueHost(firstLabel(server.name()), server.addresses()));
            }
        }
        nameServers = List.copyOf(ns);
        glue = List.copyOf(hosts);
        mname = ns.get(0);
        rname = encode(zone.hostmaster());
    }

    /** The glue host whose label equals the question's first label, or null. */
    GlueHost glueFor(byte[] lowerLabel, int length) {
        for (GlueHost host : glue) {
            if (host.label().length == length && java.util.Arrays.equals(host.label(), 0, length, lowerLabel, 0, length)) {
                return host;
            }
        }
        return null;
    }

    private EncodedName encode(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        boolean under = lower.endsWith("." + zone.name());
        String prefix = under ? lower.substring(0, lower.length() - zone.name().length() - 1) : lower;
        return new EncodedName(labels(prefix, !under), under);
    }

    private static byte[] firstLabel(String name) {
        return name.substring(0, name.indexOf('.')).getBytes(StandardCharsets.US_ASCII);
    }

    /** Wire labels for a dotted name; with the terminating root label when {@code terminate}. */
    private static byte[] labels(String dotted, boolean terminate) {
        byte[] ascii = dotted.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[ascii.length + 1 + (terminate ? 1 : 0)];
        int o = 0;
        int labelStart = 0;
        for (int i = 0; i <= ascii.length; i++) {
            if (i == ascii.length || ascii[i] == '.') {
                out[o++] = (byte) (i - labelStart);
                System.arraycopy(ascii, labelStart, out, o, i - labelStart);
                o += i - labelStart;
                labelStart = i + 1;
            }
        }
        if (terminate) {
            out[o++] = 0;
        }
        return java.util.Arrays.copyOf(out, o);
    }
}
