package dev.beacon.dialect;

import dev.beacon.device.DeviceApi;
import dev.beacon.device.HostResults;
import dev.beacon.device.HostUpdate;
import dev.beacon.device.Params;
import dev.beacon.ip.IpLiteral;
import dev.beacon.record.Addresses;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The dyndns2 protocol (ddclient, inadyn, router firmware) on {@code /nic/update} and
 * {@code /v3/update}. The password of HTTP Basic auth is the device's static token (the username
 * is free); clients that cannot send Basic auth may pass it as {@code password=} or
 * {@code token=}. {@code system}, {@code wildcard}, {@code mx}, {@code backmx} and
 * {@code offline} are ignored. {@code myipv6prefix} (or {@code ipv6prefix}) moves every name of
 * the device that has an IPv6 interface id under that prefix, listed in {@code hostname} or not.
 *
 * <p>Replies, one line per hostname in request order, the connection closed afterwards:
 * <ul>
 * <li>{@code good IP} / {@code nochg IP}: updated / already so.
 * <li>{@code nohost}: not a name this device holds (or none at all); {@code notfqdn}: not a
 *     valid name; {@code numhost}: more than 20 names; {@code dnserr}: {@code myip} unusable.
 * <li>{@code badauth}, with HTTP 401: the token proves nothing.
 * <li>{@code abuse}, with {@code Retry-After}: the native flood (911). Not {@code 911}, which
 *     inadyn treats as "server busy, retry later"; ddclient treats {@code abuse} as a failure
 *     and waits its min-error-interval (5 minutes) before trying again, inadyn as a fatal
 *     response retried at its next period: both back off, as a flooding client must.
 * <li>HTTP 503 with {@code dnserr} and {@code Retry-After}: storage failed. 5xx is what both
 *     clients retry later (inadyn: "temporary"; ddclient: next cycle) instead of giving up.
 * </ul>
 */
public final class Dyndns2Dialect implements Dialect {

    static final int MAX_HOSTS = 20;

    private final DeviceApi api;

    public Dyndns2Dialect(DeviceApi api) {
        this.api = api;
    }

    @Override
    public boolean serves(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        return p.equals("/nic/update") || p.equals("/v3/update");
    }

    @Override
    public CompletableFuture<WebReply> handle(WebRequest request) {
        if (!request.isGetOrPost()) {
            return done(WebReply.methodNotAllowed());
        }
        Params params = request.params();
        String token = BasicAuth.password(request.headers().apply("Authorization"));
        if (token == null || token.isEmpty()) {
            token = params.single("password") != null ? params.single("password") : params.single("token");
        }
        if (token == null || token.isEmpty()) {
            return done(badauth());
        }
        String hostnames = params.single("hostname");
        if (hostnames == null || hostnames.isBlank()) {
            return done(lines(200, List.of("notfqdn")));
        }
        List<String> hosts = new ArrayList<>();
        for (String h : hostnames.split(",")) {
            if (!h.isBlank()) {
                hosts.add(h.strip());
            }
        }
        if (hosts.isEmpty()) {
            return done(lines(200, List.of("notfqdn")));
        }
        if (hosts.size() > MAX_HOSTS) {
            return done(lines(200, List.of("numhost")));
        }
        HostUpdate update = new HostUpdate(token, hosts, params.field("myip"), HostUpdate.Addressing.SET, null,
                HostUpdate.Scope.EACH_NAME, HostUpdate.Naming.FQDN, request.client(), request.userAgent(), "dyndns2",
                request.secure(), params);
        return api.updateHosts(update).thenApply(result -> reply(result, hosts.size()));
    }

    /** dyndns2's "server error": {@code 911} (retry later), with 503 so clients back off. */
    @Override
    public WebReply fault(WebRequest request) {
        return lines(503, List.of("911")).withHeader("Retry-After", "30");
    }

    private static WebReply reply(HostResults result, int count) {
        return switch (result.status()) {
            case BAD_TOKEN -> badauth();
            case FLOOD -> lines(200, repeat("abuse", count)).withHeader("Retry-After", Long.toString(result.retryAfterSeconds()));
            case BAD_ADDRESS -> lines(200, repeat("dnserr", count));
            case SERVER_ERROR -> lines(503, repeat("dnserr", count))
                    .withHeader("Retry-After", Long.toString(result.retryAfterSeconds()));
            case DONE -> {
                String ip = addressText(result.addresses());
                List<String> out = new ArrayList<>();
                for (HostResults.Host host : result.hosts()) {
                    out.add(switch (host) {
                        case CHANGED -> "good " + ip;
                        case UNCHANGED -> "nochg " + ip;
                        case NOT_HELD -> "nohost";
                        case NOT_FQDN -> "notfqdn";
                    });
                }
                yield lines(200, out);
            }
        };
    }

    /** The address(es) the update carried: {@code 203.0.113.7}, or {@code 203.0.113.7,2001:db8::7}. */
    private static String addressText(Addresses a) {
        if (a.hasV4() && a.hasV6()) {
            return IpLiteral.format(a.v4()) + "," + IpLiteral.format(a.v6());
        }
        return a.hasV4() ? IpLiteral.format(a.v4()) : a.hasV6() ? IpLiteral.format(a.v6()) : "";
    }

    private static WebReply badauth() {
        return lines(401, List.of("badauth")).withHeader("WWW-Authenticate", "Basic realm=\"beacon\"");
    }

    private static WebReply lines(int status, List<String> lines) {
        return WebReply.of(status, String.join("\n", lines)).closing();
    }

    private static List<String> repeat(String line, int count) {
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(line);
        }
        return out;
    }

    private static CompletableFuture<WebReply> done(WebReply reply) {
        return CompletableFuture.completedFuture(reply);
    }
}
