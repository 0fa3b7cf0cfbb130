package dev.beacon.dialect;

import dev.beacon.device.DeviceApi;
import dev.beacon.device.HostResults;
import dev.beacon.device.HostUpdate;
import dev.beacon.device.Params;
import dev.beacon.ip.IpLiteral;
import dev.beacon.record.TxtChange;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The DuckDNS protocol, for scripts written for it:
 * {@code /update?domains=a,b&token=T[&ip=][&ipv6=][&txt=][&clear=true][&verbose=true]} and
 * {@code /update/DOMAIN/TOKEN[/IP]}. {@code domains} are the device's names, bare
 * ({@code cam1}) or in full; the token is the device's static token. A blank {@code ip} means the
 * client's IPv4 address. With {@code txt} (and/or {@code clear=true}) the request changes the
 * name's TXT values instead of its addresses; values accumulate (a certificate for a name and its
 * wildcard needs two) until cleared.
 *
 * <p>Replies {@code OK} or {@code KO}; verbose adds the addresses (or the TXT value) and
 * {@code UPDATED} or {@code NOCHANGE}. All or nothing: one name that is not the device's and
 * nothing changes. Flood: HTTP 429 with {@code Retry-After}; storage failure: HTTP 503; both
 * {@code KO}.
 */
public final class DuckDnsDialect implements Dialect {

    private final DeviceApi api;

    public DuckDnsDialect(DeviceApi api) {
        this.api = api;
    }

    @Override
    public boolean serves(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        return p.equals("/update") || p.startsWith("/update/");
    }

    @Override
    public CompletableFuture<WebReply> handle(WebRequest request) {
        if (!request.isGetOrPost()) {
            return done(WebReply.methodNotAllowed());
        }
        Params params = request.params();
        String domains = params.single("domains");
        String token = params.single("token");
        String ip = params.single("ip");
        List<String> segments = request.segments();
        if (segments.size() >= 3 && segments.size() <= 4) {
            domains = segments.get(1);
            token = segments.get(2);
            ip = segments.size() == 4 ? segments.get(3) : ip;
        } else if (segments.size() != 1) {
            return done(WebReply.notFound());
        }
        boolean verbose = "true".equalsIgnoreCase(params.single("verbose"));
        if (domains == null || domains.isBlank() || token == null || token.isEmpty()) {
            return done(ko());
        }
        List<String> hosts = new ArrayList<>();
        for (String d : domains.split(",")) {
            if (!d.isBlank()) {
                hosts.add(d.strip());
            }
        }
        String txt = params.single("txt");
        boolean clear = "true".equalsIgnoreCase(params.single("clear"));
        boolean txtMode = txt != null || params.field("txt") instanceof Params.Field.Duplicate || clear;
        TxtChange change = null;
        if (txtMode) {
            if (txt != null && !txt.isEmpty() && !TxtChange.isValid(txt) || params.field("txt") instanceof Params.Field.Duplicate) {
                return done(ko());
            }
            // DuckDNS: clear=true clears, whatever txt says; an empty txt clears too.
            boolean clearing = clear || txt == null || txt.isEmpty();
            change = new TxtChange(clearing ? null : txt, clearing);
        }
        Params.Field myip = txtMode ? new Params.Field.Absent() : addresses(ip, params, request);
        if (myip == null) {
            return done(ko());
        }
        HostUpdate update = new HostUpdate(token, hosts, myip,
                txtMode ? HostUpdate.Addressing.KEEP : HostUpdate.Addressing.SET, change, HostUpdate.Scope.ALL_OR_NOTHING,
                HostUpdate.Naming.FQDN_OR_LABEL, request.client(), request.userAgent(), "duckdns", request.secure());
        Verbosity shown = !verbose ? Verbosity.OK_ONLY : txtMode ? Verbosity.TXT : Verbosity.ADDRESSES;
        String txtValue = txt == null ? "" : txt;
        return api.updateHosts(update).thenApply(result -> reply(result, shown, txtValue));
    }

    /**
     * The {@code myip} the native rules understand, built from DuckDNS's separate fields: a blank
     * {@code ip} means the client's IPv4 address (DuckDNS detects IPv4 only), {@code ipv6} adds one.
     * Null when a field is sent twice.
     */
    private static Params.Field addresses(String ip, Params params, WebRequest request) {
        if (params.field("ip") instanceof Params.Field.Duplicate || params.field("ipv6") instanceof Params.Field.Duplicate) {
            return null;
        }
        String v4 = ip == null || ip.isBlank() ? null : ip.strip();
        String v6 = params.single("ipv6");
        v6 = v6 == null || v6.isBlank() ? null : v6.strip();
        if (v4 == null && request.client() instanceof Inet4Address) {
            v4 = IpLiteral.format(request.client());
        }
        if (v4 == null && v6 == null) {
            return new Params.Field.Absent();
        }
        return new Params.Field.Value(v4 == null ? v6 : v6 == null ? v4 : v4 + "," + v6);
    }

    /** What a successful reply shows beside {@code OK}. */
    private enum Verbosity {
        /** {@code OK} alone. */
        OK_ONLY,
        /** verbose=true on an address update: the addresses and UPDATED / NOCHANGE. */
        ADDRESSES,
        /** verbose=true on a TXT update: the value and UPDATED / NOCHANGE. */
        TXT
    }

    @Override
    public WebReply fault(WebRequest request) {
        return WebReply.of(503, "KO").withHeader("Retry-After", "30");
    }

    private static WebReply reply(HostResults result, Verbosity shown, String txt) {
        switch (result.status()) {
            case FLOOD:
                return WebReply.of(429, "KO").withHeader("Retry-After", Long.toString(result.retryAfterSeconds()));
            case SERVER_ERROR:
                return WebReply.of(503, "KO").withHeader("Retry-After", Long.toString(result.retryAfterSeconds()));
            case DONE:
                break;
            default:
                return ko();
        }
        boolean changed = false;
        for (HostResults.Host host : result.hosts()) {
            if (host == HostResults.Host.NOT_HELD || host == HostResults.Host.NOT_FQDN) {
                return ko();
            }
            changed |= host == HostResults.Host.CHANGED;
        }
        if (shown == Verbosity.OK_ONLY) {
            return WebReply.ok("OK");
        }
        String status = changed ? "UPDATED" : "NOCHANGE";
        if (shown == Verbosity.TXT) {
            return WebReply.ok("OK\n" + txt + "\n" + status);
        }
        Inet4Address v4 = result.addresses().v4();
        Inet6Address v6 = result.addresses().v6();
        return WebReply.ok("OK\n" + (v4 == null ? "" : IpLiteral.format(v4)) + "\n"
                + (v6 == null ? "" : IpLiteral.format(v6)) + "\n" + status);
    }

    private static WebReply ko() {
        return WebReply.ok("KO");
    }

    private static CompletableFuture<WebReply> done(WebReply reply) {
        return CompletableFuture.completedFuture(reply);
    }
}
