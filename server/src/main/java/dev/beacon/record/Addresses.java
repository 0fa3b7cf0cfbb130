package dev.beacon.record;

import dev.beacon.ip.IpLiteral;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * The addresses a name points to: at most one IPv4 and one IPv6 address (either may be null).
 * Immutable. The numeric forms ({@link #v4Bits()}, {@link #v6High()}, {@link #v6Low()}) are
 * computed once, so the DNS answer path writes an address without copying it.
 */
public final class Addresses {

    public static final Addresses NONE = new Addresses(null, null);

    private final Inet4Address v4;
    private final Inet6Address v6;
    private final int v4Bits;
    private final long v6High;
    private final long v6Low;

    public Addresses(Inet4Address v4, Inet6Address v6) {
        this.v4 = v4;
        this.v6 = v6;
        this.v4Bits = v4 == null ? 0 : ByteBuffer.wrap(v4.getAddress()).getInt();
        ByteBuffer six = v6 == null ? null : ByteBuffer.wrap(v6.getAddress());
        this.v6High = six == null ? 0 : six.getLong();
        this.v6Low = six == null ? 0 : six.getLong();
    }

    public Inet4Address v4() {
        return v4;
    }

    public Inet6Address v6() {
        return v6;
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

    /** Addresses holding just this one, in its family. */
    public static Addresses of(InetAddress address) {
        if (address instanceof Inet4Address a) {
            return new Addresses(a, null);
        }
        return new Addresses(null, (Inet6Address) address);
    }

    public boolean isEmpty() {
        return v4 == null && v6 == null;
    }

    /** These addresses with each family that {@code update} carries replaced (protocol §1). */
    public Addresses merge(Addresses update) {
        return new Addresses(update.v4 != null ? update.v4 : v4, update.v6 != null ? update.v6 : v6);
    }

    /** The IPv4 address if there is one, else the IPv6 address, else null (what ipcheck shows). */
    public InetAddress preferred() {
        return v4 != null ? v4 : v6;
    }

    public String v4Text() {
        return v4 == null ? null : IpLiteral.format(v4);
    }

    public String v6Text() {
        return v6 == null ? null : IpLiteral.format(v6);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Addresses a && java.util.Objects.equals(a.v4, v4) && java.util.Objects.equals(a.v6, v6);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(v4, v6);
    }

    @Override
    public String toString() {
        return (v4 == null ? "-" : v4Text()) + "," + (v6 == null ? "-" : v6Text());
    }
}
