package dev.beacon.ip;

import java.net.InetAddress;
import java.util.Arrays;

/** An address block such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}. Immutable. */
public final class Cidr {

    private final InetAddress network;
    private final byte[] bytes;
    private final int prefix;

    public Cidr(InetAddress network, int prefix) {
        this.network = network;
        this.bytes = network.getAddress();
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("prefix /" + prefix + " is out of range for " + network);
        }
        this.prefix = prefix;
    }

    /**
     * Parses {@code address/prefix}, or a bare address meaning a single host.
     *
     * @throws IllegalArgumentException with a message fit for a config error
     */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String addr = slash < 0 ? text : text.substring(0, slash);
        InetAddress network = IpLiteral.parse(addr);
        if (network == null) {
            throw new IllegalArgumentException("'" + text + "' is not an address or address/prefix");
        }
        int bits = network.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' has a prefix that is not a number", e);
            }
        }
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("'" + text + "' has a prefix outside 0.." + bits);
        }
        return new Cidr(network, prefix);
    }

    public InetAddress network() {
        return network;
    }

    public int prefix() {
        return prefix;
    }

    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    /** Same as {@link #contains(InetAddress)} for an address's bytes, so a caller fetches them once. */
    public boolean contains(byte[] a) {
        if (a.length != bytes.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != bytes[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (a[full] & mask) == (bytes[full] & mask);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes) * 31 + prefix;
    }

    @Override
    public String toString() {
        return IpLiteral.format(network) + "/" + prefix;
    }
}
