package dev.beacon.record;

import dev.beacon.ip.IpLiteral;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * The addresses a name points to: at most one IPv4 and one IPv6 address (either may be absent).
 * Immutable. Holds only the numeric forms ({@link #v4Bits()}, {@link #v6High()}, {@link #v6Low()}),
 * which the DNS answer path writes without copying; {@link #v4()} and {@link #v6()} build an
 * {@link InetAddress} on demand. A zone holds one of these per name, and the two address objects
 * it would otherwise keep cost 56 bytes of heap per name (a million names: 56 MB).
 */
public final class Addresses {

    public static final Addresses NONE = new Addresses(null, null);

    private static final byte HAS_V4 = 1;
    private static final byte HAS_V6 = 2;

    private final int v4Bits;
    private final long v6High;
    private final long v6Low;
    private final byte families;

    public Addresses(Inet4Address v4, Inet6Address v6) {
        this.v4Bits = v4 == null ? 0 : ByteBuffer.wrap(v4.getAddress()).getInt();
        ByteBuffer six = v6 == null ? null : ByteBuffer.wrap(v6.getAddress());
        this.v6High = six == null ? 0 : six.getLong();
        this.v6Low = six == null ? 0 : six.getLong();
        this.families = (byte) ((v4 == null ? 0 : HAS_V4) | (v6 == null ? 0 : HAS_V6));
    }

    private Addresses(int v4Bits, long v6High, long v6Low, byte families) {
        this.v4Bits = v4Bits;
        this.v6High = v6High;
        this.v6Low = v6Low;
        this.families = families;
    }

    public boolean hasV4() {
        return (families & HAS_V4) != 0;
    }

    public boolean hasV6() {
        return (families & HAS_V6) != 0;
    }

    /** The IPv4 address, or null. */
    public Inet4Address v4() {
        if (!hasV4()) {
            return null;
        }
        try {
            // Four raw bytes: no name lookup happens, and no exception can.
            return (Inet4Address) InetAddress.getByAddress(ByteBuffer.allocate(4).putInt(v4Bits).array());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The IPv6 address, or null. */
    public Inet6Address v6() {
        if (!hasV6()) {
            return null;
        }
        try {
            // Sixteen raw bytes, kept an IPv6 address even when IPv4-mapped, as it was stored.
            return Inet6Address.getByAddress(null, ByteBuffer.allocate(16).putLong(v6High).putLong(v6Low).array(),
                    (java.net.NetworkInterface) null);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The IPv4 address as a big-endian int (0 when there is none). */
    public int v4Bits() {
        return v4Bits;
    }

    /** The first 8 bytes of the IPv6 address, big-endian (0 when there is none). */
    public long v6High() {
        return v6High;
    }

    /** The last 8 bytes of the IPv6 address, big-endian (0 when there is none). */
    public long v6Low() {
        return v6Low;
    }

    /**
     * Addresses from their numeric forms, as {@link #v4Bits}, {@link #v6High} and {@link #v6Low}
     * give them (a family that is absent is 0): how a checkpoint reads them back.
     */
    public static Addresses ofBits(boolean hasV4, int v4Bits, boolean hasV6, long v6High, long v6Low) {
        return new Addresses(hasV4 ? v4Bits : 0, hasV6 ? v6High : 0, hasV6 ? v6Low : 0,
                (byte) ((hasV4 ? HAS_V4 : 0) | (hasV6 ? HAS_V6 : 0)));
    }

    /** Addresses holding just this one, in its family. */
    public static Addresses of(InetAddress address) {
        if (address instanceof Inet4Address a) {
            return new Addresses(a, null);
        }
        return new Addresses(null, (Inet6Address) address);
    }

    public boolean isEmpty() {
        return families == 0;
    }

    /** These addresses with each family that {@code update} carries replaced (protocol §1). */
    public Addresses merge(Addresses update) {
        return new Addresses(update.hasV4() ? update.v4Bits : v4Bits, update.hasV6() ? update.v6High : v6High,
                update.hasV6() ? update.v6Low : v6Low, (byte) (families | update.families));
    }

    /** These addresses with the IPv6 address replaced by the one of these two halves. */
    public Addresses withV6(long high, long low) {
        return new Addresses(v4Bits, high, low, (byte) (families | HAS_V6));
    }

    /** These addresses without their IPv6 address. */
    public Addresses withoutV6() {
        return hasV6() ? new Addresses(v4Bits, 0, 0, (byte) (families & ~HAS_V6)) : this;
    }

    /** The IPv4 address if there is one, else the IPv6 address, else null (what ipcheck shows). */
    public InetAddress preferred() {
        return hasV4() ? v4() : v6();
    }

    /** The IPv4 address in dotted form, or null; from the number, with no address object (the journal writes one per change). */
    public String v4Text() {
        if (!hasV4()) {
            return null;
        }
        return (v4Bits >>> 24) + "." + (v4Bits >>> 16 & 0xFF) + "." + (v4Bits >>> 8 & 0xFF) + "." + (v4Bits & 0xFF);
    }

    /**
     * Whether {@code text} is exactly this IPv4 address as {@link #v4Text} writes it (no leading
     * zeros, nothing around it); read without building a string or an address.
     */
    public boolean isV4Text(String text) {
        if (!hasV4() || text == null) {
            return false;
        }
        int at = 0;
        int n = text.length();
        for (int shift = 24; shift >= 0; shift -= 8) {
            if (shift != 24) {
                if (at >= n || text.charAt(at) != '.') {
                    return false;
                }
                at++;
            }
            int octet = v4Bits >>> shift & 0xFF;
            int digits = octet >= 100 ? 3 : octet >= 10 ? 2 : 1;
            if (at + digits > n) {
                return false;
            }
            for (int d = digits - 1, value = octet; d >= 0; d--, value /= 10) {
                if (text.charAt(at + d) != (char) ('0' + value % 10)) {
                    return false;
                }
            }
            at += digits;
        }
        return at == n;
    }

    public String v6Text() {
        return hasV6() ? IpLiteral.format(v6()) : null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Addresses a && a.families == families && a.v4Bits == v4Bits && a.v6High == v6High
                && a.v6Low == v6Low;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(families, v4Bits, v6High, v6Low);
    }

    @Override
    public String toString() {
        return (hasV4() ? v4Text() : "-") + "," + (hasV6() ? v6Text() : "-");
    }
}
