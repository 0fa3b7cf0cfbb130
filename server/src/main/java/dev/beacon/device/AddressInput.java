package dev.beacon.device;

import dev.beacon.ip.IpLiteral;
import dev.beacon.record.Addresses;
import dev.beacon.zone.ZonePolicy;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Reads {@code myip}: absent or empty means the client address; otherwise one IPv4 or IPv6
 * literal, or one of each separated by a comma, in either order. Addresses that are never a
 * host's are refused, and non-public ones too where the zone is public-only (protocol §1).
 */
final class AddressInput {

    private AddressInput() {
    }

    /** The addresses to store, or null when the input deserves 04. */
    static Addresses parse(Params.Field myip, InetAddress client, ZonePolicy policy) {
        if (myip instanceof Params.Field.Duplicate) {
            return null;
        }
        if (myip instanceof Params.Field.Value v && !v.text().isEmpty()) {
            return parseList(v.text(), policy);
        }
        // Absent or empty (firmware templates often send "myip=" when they do not know it).
        return policy.allows(client) ? Addresses.of(client) : null;
    }

    private static Addresses parseList(String text, ZonePolicy policy) {
        int comma = text.indexOf(',');
        if (comma < 0) {
            InetAddress one = IpLiteral.parse(text.strip());
            return one != null && policy.allows(one) ? Addresses.of(one) : null;
        }
        if (text.indexOf(',', comma + 1) >= 0) {
            return null;
        }
        InetAddress first = IpLiteral.parse(text.substring(0, comma).strip());
        InetAddress second = IpLiteral.parse(text.substring(comma + 1).strip());
        if (first == null || second == null || !policy.allows(first) || !policy.allows(second)) {
            return null;
        }
        if (first instanceof Inet4Address a && second instanceof Inet6Address b) {
            return new Addresses(a, b);
        }
        if (first instanceof Inet6Address b && second instanceof Inet4Address a) {
            return new Addresses(a, b);
        }
        return null;
    }
}
