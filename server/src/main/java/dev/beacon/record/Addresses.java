package dev.beacon.record;

import dev.beacon.ip.IpLiteral;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The addresses a name points to: at most one IPv4 and one IPv6 address (either may be null).
 * Immutable.
 */
public record Addresses(Inet4Address v4, Inet6Address v6) {

    public static final Addresses NONE = new Addresses(null, null);

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
    public String toString() {
        return (v4 == null ? "-" : v4Text()) + "," + (v6 == null ? "-" : v6Text());
    }
}
