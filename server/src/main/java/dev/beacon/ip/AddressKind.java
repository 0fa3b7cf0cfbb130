package dev.beacon.ip;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * What kind of address a device claims, for the zone's address policy (protocol §1).
 */
public enum AddressKind {
    /** Routable on the public internet. */
    PUBLIC,
    /** Loopback, private (RFC 1918, RFC 4193), link-local, shared CGNAT space, documentation,
     *  benchmarking and other special-purpose ranges, and IPv6 forms that carry such an IPv4
     *  address (NAT64, 6to4, Teredo, IPv4-translated): fine on a LAN test bed, refused by a
     *  public-only zone. */
    NON_PUBLIC,
    /** Never a host's address: unspecified, multicast, broadcast, "this network", or an IPv6
     *  prefix with an all-zero interface id. Always refused. */
    NEVER;

    private static final Cidr[] NON_PUBLIC_V4 = cidrs("10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
            "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16",
            "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "240.0.0.0/4");
    private static final Cidr[] NEVER_V4 = cidrs("0.0.0.0/8", "224.0.0.0/4", "255.255.255.255/32");
    private static final Cidr[] NON_PUBLIC_V6 = cidrs("::1/128", "fc00::/7", "fe80::/10", "fec0::/10",
            "2001:db8::/32", "2001:2::/48", "64:ff9b:1::/48", "100::/64");
    private static final Cidr[] NEVER_V6 = cidrs("::/128", "ff00::/8");

    public static AddressKind of(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return classify(b, NEVER_V4, NON_PUBLIC_V4);
        }
        boolean zeroInterfaceId = true;
        for (int i = 8; i < 16; i++) {
            zeroInterfaceId &= b[i] == 0;
        }
        if (zeroInterfaceId) {
            return NEVER;
        }
        AddressKind kind = classify(b, NEVER_V6, NON_PUBLIC_V6);
        byte[] embedded = kind == PUBLIC ? embeddedV4(b) : null;
        // An IPv6 form that carries a private IPv4 address reaches that private address.
        return embedded != null && classify(embedded, NEVER_V4, NON_PUBLIC_V4) != PUBLIC ? NON_PUBLIC : kind;
    }

    /**
     * The IPv4 address an IPv6 address carries, or null: IPv4-compatible ({@code ::a.b.c.d}),
     * IPv4-translated ({@code ::ffff:0:a.b.c.d}), NAT64 ({@code 64:ff9b::/96}), 6to4
     * ({@code 2002::/16}) and Teredo ({@code 2001::/32}, the client's address inverted).
     * (IPv4-mapped {@code ::ffff:a.b.c.d} already arrives as an IPv4 address.)
     */
    private static byte[] embeddedV4(byte[] b) {
        if (zeros(b, 0, 8) && (zeros(b, 8, 12) || (b[8] & 0xFF) == 0xFF && (b[9] & 0xFF) == 0xFF && zeros(b, 10, 12))) {
            return java.util.Arrays.copyOfRange(b, 12, 16);
        }
        if (b[0] == 0 && b[1] == 0x64 && (b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0x9B && zeros(b, 4, 12)) {
            return java.util.Arrays.copyOfRange(b, 12, 16);
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return java.util.Arrays.copyOfRange(b, 2, 6);
        }
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
            byte[] client = java.util.Arrays.copyOfRange(b, 12, 16);
            for (int i = 0; i < 4; i++) {
                client[i] = (byte) ~client[i];
            }
            return client;
        }
        return null;
    }

    private static boolean zeros(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static AddressKind classify(byte[] address, Cidr[] never, Cidr[] nonPublic) {
        for (Cidr c : never) {
            if (c.contains(address)) {
                return NEVER;
            }
        }
        for (Cidr c : nonPublic) {
            if (c.contains(address)) {
                return NON_PUBLIC;
            }
        }
        return PUBLIC;
    }

    private static Cidr[] cidrs(String... text) {
        Cidr[] out = new Cidr[text.length];
        for (int i = 0; i < text.length; i++) {
            out[i] = Cidr.parse(text[i]);
        }
        return out;
    }
}
