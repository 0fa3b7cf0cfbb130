package dev.beacon.record;

/** The masks of an IPv6 prefix length over an address held as two longs, high 64 bits first. */
final class Ipv6Bits {

    private Ipv6Bits() {
    }

    /** The bits of the first {@code length} (0-128) of the high long set. */
    static long highMask(int length) {
        return length <= 0 ? 0 : length >= 64 ? -1L : -1L << (64 - length);
    }

    /** The bits of the first {@code length} (0-128) of the low long set. */
    static long lowMask(int length) {
        return length <= 64 ? 0 : length >= 128 ? -1L : -1L << (128 - length);
    }

    /** An IPv6 address from its two halves, as an address object (no lookup happens). */
    static java.net.Inet6Address address(long high, long low) {
        try {
            return java.net.Inet6Address.getByAddress(null,
                    java.nio.ByteBuffer.allocate(16).putLong(high).putLong(low).array(), (java.net.NetworkInterface) null);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The two halves of an IPv6 literal that is one (not IPv4, not IPv4-mapped), or null. */
    static long[] parse(String text) {
        java.net.InetAddress a = dev.beacon.ip.IpLiteral.parse(text);
        if (!(a instanceof java.net.Inet6Address six)) {
            return null;
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(six.getAddress());
        return new long[] {b.getLong(), b.getLong()};
    }

    /** {@code text} split at its one {@code /}: the address and the length (-1 when there is no slash; -2 when the length is not 0-128). */
    static int length(String text, int slash) {
        if (slash < 0) {
            return -1;
        }
        String digits = text.substring(slash + 1);
        if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
                || digits.length() > 1 && digits.charAt(0) == '0') {
            return -2;
        }
        int n = Integer.parseInt(digits);
        return n > 128 ? -2 : n;
    }
}
