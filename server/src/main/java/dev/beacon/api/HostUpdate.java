package dev.beacon.api;

import dev.beacon.record.TxtChange;
import java.net.InetAddress;
import java.util.List;

/**
 * An update that names the hosts it is for, as dyndns2 and DuckDNS clients send it.
 *
 * @param token the device token (a static one, typically, as a password)
 * @param hostnames the names as sent: FQDNs, or bare labels when {@code bareLabels}
 * @param myip the address field as sent (absent or empty: the client address); ignored when
 *     {@code addressUpdate} is false
 * @param addressUpdate false for a TXT-only update, which leaves addresses as they are
 * @param txt a TXT change, or null
 * @param allOrNothing when any name is not the device's, change nothing (DuckDNS); otherwise the
 *     device's names are updated and the others reported (dyndns2)
 * @param bareLabels whether {@code cam1} may stand for {@code cam1.ZONE}
 * @param client the client address
 * @param userAgent the User-Agent, or empty
 */
public record HostUpdate(String token, List<String> hostnames, Params.Field myip, boolean addressUpdate, TxtChange txt,
        boolean allOrNothing, boolean bareLabels, InetAddress client, String userAgent) {

    public HostUpdate {
        hostnames = List.copyOf(hostnames);
        userAgent = userAgent == null ? "" : userAgent;
    }
}
