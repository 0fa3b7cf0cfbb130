package dev.beacon.record;

/**
 * The host part of a name's IPv6 address, kept so that a new prefix from the device (a router
 * that was delegated another one) moves the name: its address is then the prefix's first
 * {@code prefixLength} bits followed by these.
 *
 * @param high the first 64 bits (zero within the prefix length)
 * @param low the last 64 bits; never zero, as an address whose last 64 bits are zero names a
 *     network, not a host (protocol: "an IPv6 address whose interface id is all zero")
 * @param prefixLength how many leading bits come from the prefix, 1-127
 */
public record InterfaceId(long high, long low, int prefixLength) {

    public InterfaceId {
        if (prefixLength < 1 || prefixLength > 127) {
            throw new IllegalArgumentException("prefix length " + prefixLength);
        }
        if ((high & Ipv6Bits.highMask(prefixLength)) != 0 || (low & Ipv6Bits.lowMask(prefixLength)) != 0) {
            throw new IllegalArgumentException("interface id bits within the prefix length");
        }
        if (low == 0) {
            throw new IllegalArgumentException("interface id whose last 64 bits are zero");
        }
    }

    /**
     * The interface id {@code text} writes ({@code ::1234:5678:9abc:def0}, optionally followed by
     * {@code /LENGTH}, the prefix length, 64 when absent), or null when it is not one: not IPv6, a
     * length outside 1-127, bits set within the prefix length, or the last 64 bits zero.
     */
    public static InterfaceId parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        int length = Ipv6Bits.length(t, slash);
        if (length == -2 || length == 0 || length == 128) {
            return null;
        }
        long[] bits = Ipv6Bits.parse(slash < 0 ? t : t.substring(0, slash));
        if (bits == null) {
            return null;
        }
        int n = length < 0 ? Ipv6Prefix.DEFAULT_LENGTH : length;
        if ((bits[0] & Ipv6Bits.highMask(n)) != 0 || (bits[1] & Ipv6Bits.lowMask(n)) != 0 || bits[1] == 0) {
            return null;
        }
        return new InterfaceId(bits[0], bits[1], n);
    }

    /** The first 64 bits of the address under a prefix whose first 64 bits are {@code prefixHigh}. */
    public long highUnder(long prefixHigh) {
        return prefixHigh & Ipv6Bits.highMask(prefixLength) | high;
    }

    /** The last 64 bits of the address under a prefix whose last 64 bits are {@code prefixLow}. */
    public long lowUnder(long prefixLow) {
        return prefixLow & Ipv6Bits.lowMask(prefixLength) | low;
    }

    /** As {@link #parse} reads it: {@code ::1234:5678:9abc:def0/64}. */
    public String text() {
        return dev.beacon.ip.IpLiteral.format(Ipv6Bits.address(high, low)) + "/" + prefixLength;
    }

    @Override
    public String toString() {
        return text();
    }
}
