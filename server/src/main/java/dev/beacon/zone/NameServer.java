package dev.beacon.zone;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * A name server of a zone, as its NS record names it, with the glue addresses served for it when
 * it lies inside the zone.
 *
 * @param name fully qualified, lowercase, without trailing dot
 * @param addresses glue (IPv4 and/or IPv6); empty for servers outside the zone
 */
public record NameServer(String name, List<InetAddress> addresses) {

    public NameServer {
        name = name.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        addresses = List.copyOf(addresses);
    }

    public static NameServer named(String name) {
        return new NameServer(name, List.of());
    }
}
