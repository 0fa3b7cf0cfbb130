package dev.beacon.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.beacon.admin.AdminTokenHash;
import dev.beacon.admin.OperatorApi;
import dev.beacon.device.Params;
import dev.beacon.dialect.Dialect;
import dev.beacon.dialect.WebReply;
import dev.beacon.dialect.WebRequest;
import dev.beacon.store.AdminToken;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console under {@code /console/}: sign-in with an admin token, then pages that show what
 * the operator API answers for that token and forms that ask it to act. It holds no data of its
 * own and reaches nothing but the API, which checks the token on every page, so a read token
 * sees and a write token acts exactly as over HTTP. Every form that changes something carries the
 * session's CSRF value, and a form posted from another origin is refused. Thread-safe.
 */
public final class Console implements Dialect {

    private static final Logger log = LoggerFactory.getLogger(Console.class);
    static final String COOKIE = "beacon_console";
    private static final String HTML = "text/html; charset=utf-8";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int PAGE_SIZE = 50;
    /** What a page may load: only this origin's scripts and styles; no frames, no inline script. */
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    /** The notices a redirect may ask a page to show: fixed texts, so no link can put words on a page. */
    private static final Map<String, String> NOTICES = Map.of("blocked", "Blocked: the device's requests are refused with 02.",
            "unblocked", "Unblocked: the device's requests are served again.",
            "released", "Released: the name no longer resolves.");
    /** Interval bins of the fleet report, named for people. */
    private static final List<String> BINS = List.of("< 1 min", "1–5 min", "5–15 min", "15–60 min", "1–6 h", "6–24 h",
            "> 1 day");

    private final OperatorApi api;
    private final ConsoleSessions sessions;
    private final Pages pages = new Pages();
    private final Assets assets = Assets.load();
    private final boolean secure;

    /** @param secure the admin listener is HTTPS: cookies are marked Secure and origins checked as https */
    public Console(OperatorApi api, boolean secure, Clock clock) {
        this.api = api;
        this.sessions = new ConsoleSessions(clock);
        this.secure = secure;
    }

    @Override
    public boolean serves(String path) {
        return path.equals("/console") || path.startsWith(Links.ROOT);
    }

    @Override
    public CompletableFuture<WebReply> handle(WebRequest request) {
        String path = request.path();
        String method = request.method();
        boolean get = method.equals("GET") || method.equals("HEAD");
        if (path.equals("/console")) {
            return done(redirect(Links.ROOT));
        }
        String rest = path.substring(Links.ROOT.length());
        if (rest.startsWith("assets/")) {
            return done(get ? asset(rest.substring("assets/".length())) : WebReply.methodNotAllowed());
        }
        if (!get && !method.equals("POST")) {
            return done(problem(405, "use GET, or POST for a form", null));
        }
        if (!get && !sameOrigin(request)) {
            return done(problem(403, "refused: this form was sent from another site", null));
        }
        if (rest.equals("login")) {
            return get ? done(signInForm(request)) : signIn(request);
        }
        ConsoleSession session = sessions.find(cookie(request));
        if (session == null) {
            return done(get ? redirect("/console/login?next=" + Links.segment(path))
                    : problem(403, "refused: sign in first (your session ended)", null));
        }
        if (!get && !ConsoleSessions.csrfMatches(session, request.params().single("csrf"))) {
            return done(problem(403, "refused: the form lacks this session's CSRF token; reload the page and try again",
                    session));
        }
        List<String> parts = List.of(rest.split("/", -1));
        return route(request, session, parts, get);
    }

    private CompletableFuture<WebReply> route(WebRequest request, ConsoleSession session, List<String> parts,
            boolean get) {
        String first = parts.get(0);
        if (parts.size() == 1 && first.isEmpty() && get) {
            return overview(request, session);
        }
        if (parts.size() == 1 && first.equals("logout") && !get) {
            sessions.close(session.id());
            return done(redirect("/console/login").withHeader("Set-Cookie", cookieHeader("", 0)));
        }
        if (parts.size() == 1 && first.equals("devices") && get) {
            return devices(request, session);
        }
        if (parts.size() == 2 && first.equals("devices") && get) {
            return device(request, session, parts.get(1), notice(request));
        }
        if (parts.size() == 3 && first.equals("devices") && !get
                && (parts.get(2).equals("block") || parts.get(2).equals("unblock"))) {
            return mark(request, session, parts.get(1), parts.get(2));
        }
        if (parts.size() == 3 && first.equals("names") && parts.get(2).equals("release")) {
            return get ? confirmRelease(request, session, parts.get(1)) : release(request, session, parts.get(1));
        }
        if (parts.size() == 1 && first.equals("report") && get) {
            return report(request, session);
        }
        if (parts.size() == 1 && first.equals("tokens")) {
            return get ? tokens(request, session, null, null) : mint(request, session);
        }
        return done(problem(404, "no such console page", session));
    }

    // Sign-in and sign-out.

    private WebReply signInForm(WebRequest request) {
        if (sessions.find(cookie(request)) != null) {
            return redirect(Links.ROOT);
        }
        return html(200, Chrome.signedOut("Sign in"), new Page.SignIn(null, next(request)));
    }

    private CompletableFuture<WebReply> signIn(WebRequest request) {
        String secret = request.params().single("token");
        String next = next(request);
        if (secret == null || secret.isBlank()) {
            return done(html(400, Chrome.signedOut("Sign in"), new Page.SignIn("Give an admin token.", next)));
        }
        String token = secret.trim();
        return api.signIn(token).handle((found, fault) -> {
            if (fault != null) {
                log.warn("console sign-in failed: {}", fault.toString());
                return problem(503, "the operator API could not check the token; try again", null);
            }
            if (found == null) {
                return html(401, Chrome.signedOut("Sign in"),
                        new Page.SignIn("Unknown or revoked admin token.", next));
            }
            ConsoleSession session = sessions.open(AdminTokenHash.of(token), found.name(),
                    found.scope() == AdminToken.Scope.WRITE);
            log.info("admin {} signed in to the console from {}", found.name(), request.client().getHostAddress());
            return redirect(next).withHeader("Set-Cookie",
                    cookieHeader(session.id(), ConsoleSessions.LIFETIME.toSeconds()));
        });
    }

    /** Where to go after signing in: a console page, never elsewhere. */
    private static String next(WebRequest request) {
        String next = request.params().single("next");
        if (next == null) {
            return Links.ROOT;
        }
        return next.startsWith(Links.ROOT) && !next.contains("//") && !next.contains("\\")
                && next.chars().noneMatch(c -> c < 0x21 || c >= 0x7f) ? next : Links.ROOT;
    }

    private String cookieHeader(String value, long maxAgeSeconds) {
        return COOKIE + "=" + value + "; Path=/console; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    private static String cookie(WebRequest request) {
        String header = request.headers().apply("Cookie");
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String p = part.trim();
            if (p.startsWith(COOKIE + "=")) {
                return p.substring(COOKIE.length() + 1);
            }
        }
        return null;
    }

    /**
     * A form must come from this console: when the browser names the origin (every current one does
     * on POST) it must be this listener's; SameSite=Strict keeps the cookie off other sites' posts
     * anyway. Pages are served with Referrer-Policy same-origin, as no-referrer makes a browser send
     * {@code Origin: null} with the console's own forms.
     */
    private boolean sameOrigin(WebRequest request) {
        String origin = request.headers().apply("Origin");
        String host = request.headers().apply("Host");
        if (origin == null) {
            String site = request.headers().apply("Sec-Fetch-Site");
            return site == null || site.equals("same-origin") || site.equals("none");
        }
        return host != null && origin.equals((secure ? "https://" : "http://") + host);
    }

    // Pages.

    private CompletableFuture<WebReply> overview(WebRequest request, ConsoleSession session) {
        return call(session, request, "GET", "overview", new Params()).thenApply(a -> a.failed() ? a.problem(this, session)
                : html(200, Chrome.signedIn("Overview", "overview", session, null),
                        new Page.Overview(a.body(), Charts.activity(a.body().path("activity")),
                                Charts.codes(a.body().path("reply_codes")))))
                .thenApply(reply -> signedOutIfRevoked(reply, session));
    }

    private CompletableFuture<WebReply> devices(WebRequest request, ConsoleSession session) {
        String q = blankToNull(request.params().single("q"));
        String zone = blankToNull(request.params().single("zone"));
        String sort = blankToNull(request.params().single("sort"));
        String cursor = blankToNull(request.params().single("cursor"));
        Params params = new Params().add("limit", Integer.toString(PAGE_SIZE));
        add(params, "q", q);
        add(params, "zone", zone);
        add(params, "sort", sort);
        add(params, "cursor", cursor);
        return call(session, request, "GET", "devices", params)
                .thenCombine(call(session, request, "GET", "zones", new Params()), (list, zones) -> {
                    if (list.failed()) {
                        return list.problem(this, session);
                    }
                    JsonNode next = list.body().path("next");
                    String nextLink = next.isTextual() ? Links.devices(q, zone, sort, next.asText()) : null;
                    return html(200, Chrome.signedIn("Devices", "devices", session, null),
                            new Page.DeviceList(list.body(), zones.body(), q, zone, sort, nextLink));
                }).thenApply(reply -> signedOutIfRevoked(reply, session));
    }

    private CompletableFuture<WebReply> device(WebRequest request, ConsoleSession session, String segment,
            String notice) {
        Params params = new Params();
        add(params, "zone", blankToNull(request.params().single("zone")));
        return call(session, request, "GET", "devices/" + segment, params).thenApply(a -> a.failed()
                ? a.problem(this, session)
                : html(200, Chrome.signedIn(a.body().path("device_id").asText(), "devices", session, notice),
                        new Page.Device(a.body(), timeline(a.body().path("history")))))
                .thenApply(reply -> signedOutIfRevoked(reply, session));
    }

    /** The device's address changes, newest first, from its history. */
    private static List<Page.AddressChange> timeline(JsonNode history) {
        List<Page.AddressChange> out = new ArrayList<>();
        for (JsonNode entry : history) {
            for (String family : List.of("ipv4", "ipv6")) {
                JsonNode change = entry.path("changes").path(family);
                if (change.isObject()) {
                    out.add(new Page.AddressChange(entry.path("time").asText(), entry.path("name").asText(null), family,
                            change.path("old").asText(null), change.path("new").asText(null), entry.path("by").asText()));
                }
            }
        }
        return out;
    }

    private CompletableFuture<WebReply> mark(WebRequest request, ConsoleSession session, String segment, String action) {
        String zone = blankToNull(request.params().single("zone"));
        Params params = new Params();
        add(params, "zone", zone);
        return call(session, request, "POST", "devices/" + segment + "/" + action, params).thenApply(a -> a.failed()
                ? a.problem(this, session)
                : redirect(Links.device(a.body().path("device_id").asText(), a.body().path("zone").asText())
                        + "&done=" + action + "ed"))
                .thenApply(reply -> signedOutIfRevoked(reply, session));
    }

    private CompletableFuture<WebReply> confirmRelease(WebRequest request, ConsoleSession session, String segment) {
        String fqdn = decode(segment);
        if (fqdn == null) {
            return done(problem(400, "not a name: a broken %-escape", session));
        }
        if (!session.canWrite()) {
            return done(problem(403, "admin token '" + session.name() + "' may only read; releasing a name needs a write token",
                    session));
        }
        return done(html(200, Chrome.signedIn("Release " + fqdn, "devices", session, null),
                new Page.ConfirmRelease(fqdn, blankToNull(request.params().single("device")),
                        blankToNull(request.params().single("zone")))));
    }

    private CompletableFuture<WebReply> release(WebRequest request, ConsoleSession session, String segment) {
        String device = blankToNull(request.params().single("device"));
        String zone = blankToNull(request.params().single("zone"));
        return call(session, request, "DELETE", "names/" + segment, new Params()).thenApply(a -> a.failed()
                ? a.problem(this, session)
                : redirect(device == null ? Links.devices(null, zone, null, null)
                        : Links.device(device, a.body().path("zone").asText()) + "&done=released"))
                .thenApply(reply -> signedOutIfRevoked(reply, session));
    }

    private CompletableFuture<WebReply> report(WebRequest request, ConsoleSession session) {
        Params params = new Params();
        add(params, "zone", blankToNull(request.params().single("zone")));
        return call(session, request, "GET", "reports/fleet", params)
                .thenCombine(call(session, request, "GET", "zones", new Params()), (report, zones) -> {
                    if (report.failed()) {
                        return report.problem(this, session);
                    }
                    List<Long> intervals = Charts.intervalSums(report.body(), BINS.size());
                    return html(200, Chrome.signedIn("Fleet report", "report", session, null),
                            new Page.Report(report.body(), zones.body(), Charts.firmware(report.body().path("firmware"), 12),
                                    Charts.bars("updates", BINS, intervals), BINS, intervals));
                })
                .thenApply(reply -> signedOutIfRevoked(reply, session));
    }

    private CompletableFuture<WebReply> tokens(WebRequest request, ConsoleSession session, JsonNode minted, String error) {
        if (!session.canWrite()) {
            return done(problem(403, "admin token '" + session.name() + "' may only read; the token tool needs a write token",
                    session));
        }
        return call(session, request, "GET", "zones", new Params()).thenApply(zones -> {
            if (zones.failed()) {
                return zones.problem(this, session);
            }
            List<String> allowed = new ArrayList<>();
            for (JsonNode z : zones.body()) {
                if (z.path("operator_tokens").asBoolean()) {
                    allowed.add(z.path("name").asText());
                }
            }
            return html(error == null ? 200 : 400, Chrome.signedIn("Device token", "tokens", session, null),
                    new Page.Tokens(allowed, minted, error));
        }).thenApply(reply -> signedOutIfRevoked(reply, session));
    }

    private CompletableFuture<WebReply> mint(WebRequest request, ConsoleSession session) {
        Params params = new Params();
        add(params, "zone", blankToNull(request.params().single("zone")));
        add(params, "device_id", blankToNull(request.params().single("device_id")));
        return call(session, request, "POST", "tokens", params).thenCompose(a -> a.status() == 401
                ? done(signedOutIfRevoked(a.problem(this, session), session))
                : tokens(request, session, a.failed() ? null : a.body(), a.failed() ? a.error() : null));
    }

    // The operator API, called in process as the session's token.

    /**
     * The API's answer.
     *
     * @param status its HTTP status
     * @param body its JSON
     */
    private record Answer(int status, JsonNode body) {

        boolean failed() {
            return status >= 300;
        }

        String error() {
            return body.path("error").asText("the operator API answered " + status);
        }

        WebReply problem(Console console, ConsoleSession session) {
            return console.problem(status, error(), session);
        }
    }

    private CompletableFuture<Answer> call(ConsoleSession session, WebRequest from, String method, String path,
            Params params) {
        WebRequest request = new WebRequest(method, "/api/v1/" + path, params, name -> null, from.client(),
                from.userAgent());
        return api.callAs(session.tokenHash(), request).thenApply(reply -> {
            JsonNode body;
            try {
                body = MAPPER.readTree(reply.body());
            } catch (IOException e) {
                body = MissingNode.getInstance();
            }
            return new Answer(reply.status(), body == null ? MissingNode.getInstance() : body);
        });
    }

    /** A token revoked while signed in ends the session: the next page is the sign-in form. */
    private WebReply signedOutIfRevoked(WebReply reply, ConsoleSession session) {
        if (reply.status() != 401) {
            return reply;
        }
        sessions.close(session.id());
        return html(401, Chrome.signedOut("Sign in"),
                new Page.SignIn("Signed out: your admin token is no longer valid.", Links.ROOT))
                .withHeader("Set-Cookie", cookieHeader("", 0));
    }

    // Replies.

    private WebReply asset(String name) {
        Assets.Asset a = assets.files().get(name);
        if (a == null) {
            return WebReply.notFound();
        }
        return WebReply.ok(a.body()).withHeader("Content-Type", a.type()).withHeader("Cache-Control", "max-age=3600")
                .withHeader("X-Content-Type-Options", "nosniff");
    }

    private WebReply html(int status, Chrome chrome, Page page) {
        return WebReply.of(status, pages.render(chrome, page)).withHeader("Content-Type", HTML)
                .withHeader("Content-Security-Policy", POLICY).withHeader("X-Content-Type-Options", "nosniff")
                .withHeader("X-Frame-Options", "DENY").withHeader("Referrer-Policy", "same-origin");
    }

    WebReply problem(int status, String message, ConsoleSession session) {
        Chrome chrome = session == null ? Chrome.signedOut("Error " + status)
                : Chrome.signedIn("Error " + status, "", session, null);
        return html(status, chrome, new Page.Problem(status, message));
    }

    private static WebReply redirect(String location) {
        return WebReply.of(303, "").withHeader("Location", location);
    }

    @Override
    public WebReply fault(WebRequest request) {
        return problem(500, "internal error; the server's log has the details", null);
    }

    private static CompletableFuture<WebReply> done(WebReply reply) {
        return CompletableFuture.completedFuture(reply);
    }

    private static String notice(WebRequest request) {
        String done = request.params().single("done");
        return done == null ? null : NOTICES.get(done);
    }

    private static void add(Params params, String name, String value) {
        if (value != null) {
            params.add(name, value);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** A %-encoded segment decoded ({@code +} stays a plus), or null when an escape is broken. */
    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
