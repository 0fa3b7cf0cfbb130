package dev.beacon.device;

import dev.beacon.record.TxtChange;
import java.net.InetAddress;
import java.util.List;

/**
 * An update that names the hosts it is for, as dyndns2 and DuckDNS clients send it.
 *
 * @param token the device token (a static one, typically, as a password)
 * @param hostnames the names as sent: FQDNs, or bare labels under {@link Naming#FQDN_OR_LABEL}
 * @param myip the address field as sent (absent or empty: the client address); ignored under
 *     {@link Addressing#KEEP}
 * @param addressing whether the addresses change (a TXT-only update keeps them)
 * @param txt a TXT change, or null
 * @param scope what a name the device does not hold does to the others
 * @param naming whether {@code cam1} may stand for {@code cam1.ZONE}
 * @param client the client address
 * @param userAgent the User-Agent, or empty
 * @param secure whether it came over TLS
 * @param prefixFields the request's fields, when its dialect reads a delegated IPv6 prefix from them
 *     ({@link PrefixInput}: {@code myipv6prefix} or {@code ipv6prefix}), else none
 * @param device the device the token must be (a client that names its user, as acme-dns's
 *     {@code X-Api-User}), or null for whichever it proves
 */
public record HostUpdate(String token, List<String> hostnames, Params.Field myip, Addressing addressing, TxtChange txt,
        Scope scope, Naming naming, InetAddress client, String userAgent, String dialect, boolean secure,
        Params prefixFields, String device) {

    /** An update for whichever device the token proves. */
    public HostUpdate(String token, List<String> hostnames, Params.Field myip, Addressing addressing, TxtChange txt,
            Scope scope, Naming naming, InetAddress client, String userAgent, String dialect, boolean secure,
            Params prefixFields) {
        this(token, hostnames, myip, addressing, txt, scope, naming, client, userAgent, dialect, secure, prefixFields,
                null);
    }

    /** An update whose dialect knows no IPv6 prefix. */
    public HostUpdate(String token, List<String> hostnames, Params.Field myip, Addressing addressing, TxtChange txt,
            Scope scope, Naming naming, InetAddress client, String userAgent, String dialect, boolean secure) {
        this(token, hostnames, myip, addressing, txt, scope, naming, client, userAgent, dialect, secure, new Params());
    }


    /** Whether the request sets addresses. */
    public enum Addressing {
        /** From {@code myip}, or the client address when it is absent. */
        SET,
        /** Leave them as they are (a TXT-only update). */
        KEEP
    }

    /** What a refused name does to the rest of the request. */
    public enum Scope {
        /** One name the device does not hold and nothing changes (DuckDNS). */
        ALL_OR_NOTHING,
        /** The device's names are updated and the others reported (dyndns2). */
        EACH_NAME
    }

    /** How names may be written. */
    public enum Naming {
        /** Only in full: {@code cam1.ddns.test}. */
        FQDN,
        /** In full, or as the bare label {@code cam1}. */
        FQDN_OR_LABEL
    }

    public HostUpdate {
        hostnames = List.copyOf(hostnames);
        userAgent = userAgent == null ? "" : userAgent;
    }
}
