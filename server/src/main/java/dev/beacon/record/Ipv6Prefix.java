package dev.beacon.record;

/**
 * A delegated IPv6 prefix as a router reports it ({@code 2001:db8:1:2::/64}): the names of the
 * device that carry an {@link InterfaceId} move under it.
 *
 * @param high the first 64 bits
 * @param low the last 64 bits (zero below the length)
 * @param length the prefix length, 1-128
 */
public record Ipv6Prefix(long high, long low, int length) {

    /** The length read when a prefix comes without one: a LAN's. */
    public static final int DEFAULT_LENGTH = 64;

    public Ipv6Prefix {
        if (length < 1 || length > 128) {
            throw new IllegalArgumentException("prefix length " + length);
        }
        if ((high & ~Ipv6Bits.highMask(length)) != 0 || (low & ~Ipv6Bits.lowMask(length)) != 0) {
            throw new IllegalArgumentException("bits set after the prefix length");
        }
    }

    /**
     * The prefix {@code text} writes ({@code ADDRESS/LENGTH}, or an address alone for a /64), or
     * null when it is not one: not IPv6, a length outside 1-128, or bits set after the length
     * (which address was meant cannot be known).
     */
    public static Ipv6Prefix parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        int length = Ipv6Bits.length(t, slash);
        if (length == -2 || length == 0) {
            return null;
        }
        long[] bits = Ipv6Bits.parse(slash < 0 ? t : t.substring(0, slash));
        if (bits == null) {
            return null;
        }
        int n = length < 0 ? DEFAULT_LENGTH : length;
        if ((bits[0] & ~Ipv6Bits.highMask(n)) != 0 || (bits[1] & ~Ipv6Bits.lowMask(n)) != 0) {
            return null;
        }
        return new Ipv6Prefix(bits[0], bits[1], n);
    }

    /** The first {@code length} bits of {@code address}, as a prefix. */
    public static Ipv6Prefix of(java.net.Inet6Address address, int length) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(address.getAddress());
        return new Ipv6Prefix(b.getLong() & Ipv6Bits.highMask(length), b.getLong() & Ipv6Bits.lowMask(length), length);
    }

    /** A host address in the prefix ({@code ::1} under it), to check the prefix as a zone checks addresses. */
    public java.net.Inet6Address someHost() {
        return Ipv6Bits.address(high, length == 128 ? low : low | 1);
    }

    @Override
    public String toString() {
        return dev.beacon.ip.IpLiteral.format(Ipv6Bits.address(high, low)) + "/" + length;
    }
}
