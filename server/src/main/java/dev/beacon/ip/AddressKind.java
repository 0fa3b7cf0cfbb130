package dev.beacon.ip;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * What kind of address a device claims, for the zone's address policy (protocol §1).
 */
public enum AddressKind {
    /** Routable on the public internet. */
    PUBLIC,
    /** Loopback, private (RFC 1918, RFC 4193), link-local, shared CGNAT space, documentation and
     *  other special-purpose ranges: fine on a LAN test bed, refused by a public-only zone. */
    NON_PUBLIC,
    /** Never a host's address: unspecified, multicast, broadcast, "this network", or an IPv6
     *  prefix with an all-zero interface id. Always refused. */
    NEVER;

    private static final Cidr[] NON_PUBLIC_V4 = cidrs("10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
            "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16",
            "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "240.0.0.0/4");
    private static final Cidr[] NEVER_V4 = cidrs("0.0.0.0/8", "224.0.0.0/4", "255.255.255.255/32");
    private static final Cidr[] NON_PUBLIC_V6 = cidrs("::1/128", "fc00::/7", "fe80::/10", "fec0::/10",
            "2001:db8::/32", "64:ff9b:1::/48", "100::/64");
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
        return classify(b, NEVER_V6, NON_PUBLIC_V6);
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
