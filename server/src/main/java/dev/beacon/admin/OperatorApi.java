package dev.beacon.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beacon.auth.DeviceSecret;
import dev.beacon.device.Params;
import dev.beacon.device.RecordsInput;
import dev.beacon.device.TtlInput;
import dev.beacon.dialect.Dialect;
import dev.beacon.dialect.WebReply;
import dev.beacon.dialect.WebRequest;
import dev.beacon.ip.IpLiteral;
import dev.beacon.record.NameRecord;
import dev.beacon.record.RequestMeta;
import dev.beacon.registry.Command;
import dev.beacon.registry.Decision;
import dev.beacon.registry.Registry;
import dev.beacon.registry.RegistrySnapshot;
import dev.beacon.registry.ZoneState;
import dev.beacon.store.AdminToken;
import dev.beacon.store.DevicePage;
import dev.beacon.store.DeviceQuery;
import dev.beacon.store.DeviceRow;
import dev.beacon.store.HistoryEntry;
import dev.beacon.store.Store;
import dev.beacon.store.StoreException;
import dev.beacon.token.DeviceId;
import dev.beacon.token.TokenCodec;
import dev.beacon.zone.Zone;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator API under {@code /api/v1/}: zones, devices (search, keyset pages, history), block
 * and unblock, release a name, and the fleet report. Every request carries an admin token
 * ({@code Authorization: Bearer}); reads need a read or write token, changes a write token, and
 * each change is committed through the registry like a device's, with the token's name in the
 * journal. Database work runs on {@code work}, never on the listener's event loop. Thread-safe.
 */
public final class OperatorApi implements Dialect {

    private static final Logger log = LoggerFactory.getLogger(OperatorApi.class);
    static final String BASE = "/api/v1/";
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;
    static final int HISTORY = 100;

    private final Registry registry;
    private final Store store;
    private final List<Zone> zones;
    private final FleetReport report;
    private final ServiceHistory history;
    private final TokenCodec codec;
    private final Executor work;
    private final Clock clock;
    private final ConfigReloader reloader;
    private final java.security.SecureRandom random = new java.security.SecureRandom();

    OperatorApi(Registry registry, Store store, List<Zone> zones, FleetReport report, ServiceHistory history,
            TokenCodec codec, Executor work, Clock clock, ConfigReloader reloader) {
        this.reloader = reloader;
        this.registry = registry;
        this.store = store;
        this.zones = List.copyOf(zones);
        this.report = report;
        this.history = history;
        this.codec = codec;
        this.work = work;
        this.clock = clock;
    }

    @Override
    public boolean serves(String path) {
        return path.startsWith("/api/");
    }

    /** A refusal that ends a request with its status and message. */
    static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        Refusal(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    @Override
    public CompletableFuture<WebReply> handle(WebRequest request) {
        return answer(request, () -> authenticate(request));
    }

    /**
     * Answers a request on behalf of an admin token known by its hash (a console session): the
     * same routes, checks and replies as over HTTP; a token revoked meanwhile gets 401.
     */
    public CompletableFuture<WebReply> callAs(String tokenHash, WebRequest request) {
        return answer(request, () -> known(tokenHash));
    }

    /** The admin token a secret is, or null for none, looked up on the operator threads. */
    public CompletableFuture<AdminToken> signIn(String secret) {
        try {
            return CompletableFuture.supplyAsync(() -> lookup(hashOf(secret)), work);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new Refusal(503, "too many operator requests at once; try again"));
        }
    }

    private CompletableFuture<WebReply> answer(WebRequest request, java.util.function.Supplier<AdminToken> who) {
        CompletableFuture<AdminToken> token;
        try {
            token = CompletableFuture.supplyAsync(who, work);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(Json.error(503, "too many operator requests at once; try again"));
        }
        return token.thenCompose(t -> route(request, t)).exceptionally(e -> refusal(request, e));
    }

    private WebReply refusal(WebRequest request, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof Refusal r) {
            WebReply reply = Json.error(r.status, r.getMessage());
            return r.status == 401 ? reply.withHeader("WWW-Authenticate", "Bearer realm=\"beacon\"") : reply;
        }
        if (cause instanceof StoreException s) {
            log.warn("operator API {} {}: {}", request.method(), request.path(), s.getMessage());
            return Json.error(503, "storage unavailable: " + s.getMessage());
        }
        log.error("operator API {} {} failed", request.method(), request.path(), cause);
        return Json.error(500, "internal error");
    }

    @Override
    public WebReply fault(WebRequest request) {
        return Json.error(500, "internal error");
    }

    private AdminToken authenticate(WebRequest request) {
        String header = request.headers().apply("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Refusal(401, "missing admin token: send Authorization: Bearer TOKEN (beacon admin-token create)");
        }
        return known(hashOf(header.substring(7).trim()));
    }

    /** The stored form of a presented secret, or null for one no token can be (empty, overlong). */
    private static String hashOf(String secret) {
        return secret.isEmpty() || secret.length() > 200 ? null : AdminTokenHash.of(secret);
    }

    /** The token with this hash, or null; a database failure ends the request with 503. */
    private AdminToken lookup(String hash) {
        try {
            return hash == null ? null : store.adminToken(hash);
        } catch (StoreException e) {
            throw new CompletionException(e);
        }
    }

    private AdminToken known(String hash) {
        AdminToken found = lookup(hash);
        if (found == null) {
            throw new Refusal(401, "unknown or revoked admin token");
        }
        return found;
    }

    private CompletableFuture<WebReply> route(WebRequest request, AdminToken token) {
        if (!request.path().startsWith(BASE)) {
            throw new Refusal(404, "no such endpoint; the operator API is under " + BASE);
        }
        List<String> parts = List.of(request.path().substring(BASE.length()).split("/", -1));
        String method = request.method();
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (parts.equals(List.of("zones"))) {
            return done(requireMethod(read, "GET", () -> Json.ok(zonesJson())));
        }
        if (parts.equals(List.of("devices"))) {
            return done(requireMethod(read, "GET", () -> devices(request)));
        }
        if (parts.size() == 2 && parts.get(0).equals("devices")) {
            return done(requireMethod(read, "GET", () -> device(request, PathSegment.decode(parts.get(1)))));
        }
        if (parts.size() == 3 && parts.get(0).equals("devices")
                && (parts.get(2).equals("block") || parts.get(2).equals("unblock"))) {
            requireMethod(method.equals("POST"), "POST", () -> null);
            requireWrite(token);
            return mark(request, token, PathSegment.decode(parts.get(1)), parts.get(2).equals("block"));
        }
        if (parts.size() == 3 && parts.get(0).equals("devices")
                && (parts.get(2).equals("secret") || parts.get(2).equals("revoke-secret"))) {
            requireMethod(method.equals("POST"), "POST", () -> null);
            requireWrite(token);
            return secret(request, token, PathSegment.decode(parts.get(1)), parts.get(2).equals("secret"));
        }
        if (parts.size() == 3 && parts.get(0).equals("devices") && parts.get(2).equals("acme-dns")) {
            requireMethod(method.equals("POST"), "POST", () -> null);
            requireWrite(token);
            return acmeDnsAccount(request, token, PathSegment.decode(parts.get(1)));
        }
        if (parts.size() == 3 && parts.get(0).equals("devices") && parts.get(2).equals("revoke")) {
            requireMethod(method.equals("POST"), "POST", () -> null);
            requireWrite(token);
            return revoke(request, token, PathSegment.decode(parts.get(1)));
        }
        if (parts.size() == 3 && parts.get(0).equals("names") && parts.get(2).equals("records")) {
            requireMethod(method.equals("POST"), "POST", () -> null);
            requireWrite(token);
            return setRecords(request, token, PathSegment.decode(parts.get(1)));
        }
        if (parts.size() == 2 && parts.get(0).equals("names")) {
            requireMethod(method.equals("DELETE"), "DELETE", () -> null);
            requireWrite(token);
            return release(request, token, PathSegment.decode(parts.get(1)));
        }
        if (parts.equals(List.of("reload"))) {
            requireMethod(method.equals("POST"), "POST", () -> null);
            requireWrite(token);
            return done(reload(token));
        }
        if (parts.equals(List.of("overview"))) {
            return done(requireMethod(read, "GET", () -> Json.ok(overview())));
        }
        if (parts.equals(List.of("tokens"))) {
            requireMethod(method.equals("POST"), "POST", () -> null);
            requireWrite(token);
            return done(mintToken(request, token));
        }
        if (parts.equals(List.of("reports", "fleet"))) {
            return done(requireMethod(read, "GET", () -> Json.ok(report.build(zoneParam(request, true),
                    intParam(request, "silent_days", FleetReport.DEFAULT_SILENT_DAYS, 1, 3650),
                    intParam(request, "top", FleetReport.DEFAULT_TOP, 1, 100)))));
        }
        throw new Refusal(404, "no such endpoint: " + request.path());
    }

    private static WebReply requireMethod(boolean allowed, String method, java.util.function.Supplier<WebReply> then) {
        if (!allowed) {
            throw new Refusal(405, "use " + method);
        }
        return then.get();
    }

    private static void requireWrite(AdminToken token) {
        if (token.scope() != AdminToken.Scope.WRITE) {
            throw new Refusal(403, "admin token '" + token.name() + "' may only read; this needs a write token");
        }
    }

    private ArrayNode zonesJson() {
        RegistrySnapshot snapshot = registry.snapshot();
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (Zone zone : zones) {
            ZoneState state = snapshot.zone(zone.name());
            out.addObject().put("name", zone.name()).put("serial", state.lastSeq() & 0xFFFF_FFFFL)
                    .put("devices", state.deviceCount()).put("names", state.size())
                    .put("operator_tokens", zone.policy().operatorTokens());
        }
        return out;
    }

    /**
     * What the console's overview shows: the zones, the last hour's request rates (every ten
     * seconds, per minute), reply codes
     * since start, DNS queries per second over the last minute, the writer's queue and commit
     * latency, the webhook backlog.
     */
    private ObjectNode overview() {
        long now = clock.millis();
        ObjectNode out = Json.object();
        out.set("zones", zonesJson());
        ArrayNode activity = out.putArray("activity");
        for (ServiceHistory.Rates r : history.rates()) {
            activity.addObject().put("time", Json.time(r.endMillis()))
                    .put("requests_per_minute", Math.round(r.requests() * 10) / 10.0)
                    .put("changes_per_minute", Math.round(r.changes() * 10) / 10.0)
                    .put("unchanged_per_minute", Math.round(r.unchanged() * 10) / 10.0);
        }
        ObjectNode codes = out.putObject("reply_codes");
        history.replyCodes().forEach(codes::put);
        ServiceHistory.Reading current = history.read(now);
        ServiceHistory.Reading before = history.minuteBefore(now);
        double seconds = before == null ? 0 : (now - before.atMillis()) / 1000.0;
        if (seconds >= 1) {
            out.put("dns_queries_per_second", Math.round(10 * (current.dnsReplies() - before.dnsReplies()) / seconds) / 10.0);
            long commits = current.commits() - before.commits();
            out.put("commits_per_second", Math.round(10 * commits / seconds) / 10.0);
            if (commits > 0) {
                double ms = 1000 * (current.commitSeconds() - before.commitSeconds()) / commits;
                out.put("commit_mean_ms", Math.round(ms * 100) / 100.0);
            } else {
                out.putNull("commit_mean_ms");
            }
        } else {
            out.putNull("dns_queries_per_second").putNull("commits_per_second").putNull("commit_mean_ms");
        }
        out.put("writer_queue", Math.round(history.gauge("beacon.writer.queue")));
        double pending = history.gauge("beacon.webhook.pending");
        if (pending < 0) {
            out.putNull("webhook_pending");
        } else {
            out.put("webhook_pending", Math.round(pending));
        }
        return out;
    }

    /**
     * A fresh device token for a device id, signed with the zone's newest key: the original
     * product's cipher page for operators. Only where the zone's policy allows it, as whoever
     * holds such a token can act as that device.
     */
    private WebReply mintToken(WebRequest request, AdminToken token) {
        Zone zone = zoneParam(request, true);
        if (!zone.policy().operatorTokens()) {
            throw new Refusal(403, "zone " + zone.name() + " does not let operators mint device tokens"
                    + " (policy.operator-tokens: true allows it)");
        }
        String raw = param(request, "device_id");
        if (raw == null || raw.isEmpty()) {
            return badRequest("device_id: required (a MAC address or serial)");
        }
        DeviceId id = deviceId(raw);
        if (zone.keys().isEmpty()) {
            throw new Refusal(409, "zone " + zone.name() + " has no token key");
        }
        String minted = codec.mint(zone.keys().get(zone.keys().size() - 1), id, clock.millis() / 1000);
        log.info("admin {} minted a token for device {} in zone {}", token.name(), id.value(), zone.name());
        return Json.ok(Json.object().put("zone", zone.name()).put("device_id", id.value()).put("token", minted));
    }

    private WebReply devices(WebRequest request) {
        Zone zone = zoneParam(request, false);
        int limit = intParam(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        String q = param(request, "q");
        if (q != null && (q.isBlank() || q.length() > 200)) {
            q = q.isBlank() ? null : badRequest("q: at most 200 characters");
        }
        DeviceQuery.Order order = order(param(request, "sort"));
        if (order != DeviceQuery.Order.DEVICE && zone == null) {
            zone = zones.size() == 1 ? zones.get(0) : badRequest("sort: a last-seen order needs zone= when the server serves several zones");
        }
        DeviceQuery.Position after = Cursor.decode(param(request, "cursor"), order);
        DevicePage page;
        try {
            page = store.devices(new DeviceQuery(zone == null ? null : zone.name(), q == null ? null : q.trim(), order,
                    after, limit));
        } catch (StoreException e) {
            throw new CompletionException(e);
        }
        RegistrySnapshot snapshot = registry.snapshot();
        List<ObjectNode> items = new ArrayList<>();
        for (DeviceRow row : page.rows()) {
            Zone z = zoneNamed(row.zone());
            items.add(DeviceView.item(z, row, blocked(snapshot, z, row.device())));
        }
        ObjectNode out = Json.object();
        out.set("items", DeviceView.items(items));
        out.put("next", page.next() == null ? null : Cursor.encode(page.next(), order));
        return Json.ok(out);
    }

    /** {@code sort}: {@code device} (the default), {@code last_seen} (longest silent first) or {@code -last_seen}. */
    private static DeviceQuery.Order order(String sort) {
        if (sort == null || sort.isEmpty() || sort.equals("device")) {
            return DeviceQuery.Order.DEVICE;
        }
        return switch (sort) {
            case "last_seen" -> DeviceQuery.Order.LAST_SEEN;
            case "-last_seen" -> DeviceQuery.Order.LAST_SEEN_DESC;
            default -> badRequest("sort: device, last_seen or -last_seen");
        };
    }

    private WebReply device(WebRequest request, String rawId) {
        DeviceId id = deviceId(rawId);
        Zone zone = zoneOf(request, id, false);
        DeviceRow row;
        List<HistoryEntry> history;
        try {
            row = store.device(zone.name(), id);
            history = store.history(zone.name(), id, HISTORY);
        } catch (StoreException e) {
            throw new CompletionException(e);
        }
        boolean blocked = blocked(registry.snapshot(), zone, id);
        if (row == null && !blocked && history.isEmpty()) {
            throw new Refusal(404, "no device " + id.value() + " in zone " + zone.name());
        }
        ObjectNode item = DeviceView.item(zone, row == null ? new DeviceRow(zone.name(), id, List.of(), 0) : row, blocked);
        ArrayNode entries = item.putArray("history");
        history.forEach(h -> entries.add(DeviceView.history(zone, h)));
        return Json.ok(item);
    }

    /** A replica only follows the journal: changes belong to a node that writes. */
    private void requireWriter() {
        if (store.readOnly()) {
            throw new Refusal(503, "this node is a read-only replica; send changes to a primary node");
        }
    }

    private CompletableFuture<WebReply> mark(WebRequest request, AdminToken token, String rawId, boolean block) {
        requireWriter();
        DeviceId id = deviceId(rawId);
        Zone zone = zoneOf(request, id, true);
        String actor = "admin " + token.name();
        return registry.apply(new Command.Mark(zone, id, block, actor, meta(request))).thenApply(decision -> {
            failIfNotDone(decision);
            log.info("{} {} device {} in zone {}", actor, block ? "blocked" : "unblocked", id.value(), zone.name());
            return Json.ok(Json.object().put("device_id", id.value()).put("zone", zone.name()).put("blocked", block)
                    .put("changed", decision.outcome() == dev.beacon.registry.Outcome.MODIFIED));
        });
    }

    /** Retires every version 2 key the device holds; it works again once provisioned with a higher generation. */
    private CompletableFuture<WebReply> revoke(WebRequest request, AdminToken token, String rawId) {
        requireWriter();
        DeviceId id = deviceId(rawId);
        Zone zone = zoneOf(request, id, true);
        String actor = "admin " + token.name();
        return registry.apply(new Command.Revoke(zone, id, actor, meta(request))).thenApply(decision -> {
            failIfNotDone(decision);
            long floor = registry.snapshot().zone(zone.name()).generationFloor(id);
            log.info("{} revoked the keys of device {} in zone {} below generation {}", actor, id.value(), zone.name(), floor);
            return Json.ok(Json.object().put("device_id", id.value()).put("zone", zone.name())
                    .put("lowest_generation", floor));
        });
    }

    /**
     * Gives the device a new static secret for third-party clients (shown in this answer only;
     * the store keeps its hash), replacing any it had; or revokes the one it has.
     */
    private CompletableFuture<WebReply> secret(WebRequest request, AdminToken token, String rawId, boolean issue) {
        requireWriter();
        DeviceId id = deviceId(rawId);
        Zone zone = zoneOf(request, id, true);
        String actor = "admin " + token.name();
        String secret = issue ? DeviceSecret.generate(random) : null;
        return registry.apply(new Command.Secret(zone, id, issue ? DeviceSecret.hash(secret) : null, actor,
                meta(request))).thenApply(decision -> {
                    failIfNotDone(decision);
                    boolean changed = decision.outcome() == dev.beacon.registry.Outcome.MODIFIED;
                    log.info("{} {} the static secret of device {} in zone {}", actor,
                            issue ? "issued" : changed ? "revoked" : "found no", id.value(), zone.name());
                    ObjectNode out = Json.object().put("device_id", id.value()).put("zone", zone.name());
                    return Json.ok(issue ? out.put("secret", secret) : out.put("revoked", changed));
                });
    }

    /**
     * Sets a name's TTL and its CNAME, MX, SRV and TLSA records ({@code ttl}, {@code cname},
     * {@code mx}, {@code srv}, {@code tlsa}: the device API's fields, read the same way),
     * whichever device holds it; the journal names the admin token.
     */
    private CompletableFuture<WebReply> setRecords(WebRequest request, AdminToken token, String fqdn) {
        requireWriter();
        Zone zone = zoneOfName(fqdn);
        String label = labelOf(fqdn, zone);
        TtlInput.Result ttl = TtlInput.parse(request.params().field(TtlInput.FIELD), zone.policy().ttl());
        if (!ttl.valid()) {
            throw new Refusal(400, "ttl: seconds, " + zone.policy().ttl().min() + ".." + zone.policy().ttl().max()
                    + " in " + zone.name() + ", or empty for the zone's");
        }
        RecordsInput.Result records = RecordsInput.parse(request.params());
        if (records.invalid() != null) {
            throw new Refusal(400, records.invalid() + ": not valid (docs/PROTOCOL.md gives its form), or given twice");
        }
        String actor = "admin " + token.name();
        return registry.apply(new Command.SetRecords(zone, label, ttl.ttl(), records.change(), actor, meta(request)))
                .thenApply(decision -> {
                    if (decision.outcome() == dev.beacon.registry.Outcome.NO_RECORD) {
                        throw new Refusal(404, "no device holds " + fqdn);
                    }
                    failIfNotDone(decision);
                    NameRecord now = registry.snapshot().zone(zone.name()).record(label);
                    ObjectNode out = Json.object().put("name", zone.fqdn(label))
                            .put("changed", decision.outcome() == dev.beacon.registry.Outcome.MODIFIED);
                    if (now != null) {
                        out.put("ttl", now.ttlOr(zone.ttl()));
                        var lines = out.putArray("records");
                        now.records().forEach(r -> lines.add(r.line()));
                    }
                    return Json.ok(out);
                });
    }

    /** The zone a full name is in; 404 when none this server serves. */
    private Zone zoneOfName(String fqdn) {
        String name = fqdn.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        for (Zone z : zones) {
            if (name.endsWith("." + z.name())) {
                return z;
            }
        }
        throw new Refusal(404, fqdn + " is in no zone this server serves");
    }

    /** The label of a full name one label under its zone; 404 otherwise. */
    private static String labelOf(String fqdn, Zone zone) {
        String name = fqdn.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        String label = name.substring(0, name.length() - zone.name().length() - 1);
        if (label.isEmpty() || label.contains(".")) {
            throw new Refusal(404, "no name " + fqdn + " (names are one label under the zone)");
        }
        return label;
    }

    /**
     * acme-dns's {@code /register}, on the operator side only: the account an acme-dns client
     * keeps for one of the device's names ({@code name=}, default its oldest): the device id as
     * user, a new static secret as key (replacing any the device had, as {@link #secret} does),
     * and the name as subdomain and full domain.
     */
    private CompletableFuture<WebReply> acmeDnsAccount(WebRequest request, AdminToken token, String rawId) {
        requireWriter();
        DeviceId id = deviceId(rawId);
        Zone zone = zoneOf(request, id, false);
        List<String> held = registry.snapshot().zone(zone.name()).labelsOf(id);
        String asked = param(request, "name");
        String label = asked == null || asked.isEmpty() ? null : asked.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        if (label != null && label.endsWith("." + zone.name())) {
            label = label.substring(0, label.length() - zone.name().length() - 1);
        }
        if (held.isEmpty()) {
            throw new Refusal(404, "device " + id.value() + " holds no name in " + zone.name());
        }
        if (label == null) {
            label = held.get(0);
        } else if (!held.contains(label)) {
            throw new Refusal(404, "device " + id.value() + " does not hold " + zone.fqdn(label));
        }
        String actor = "admin " + token.name();
        String secret = DeviceSecret.generate(random);
        String subdomain = label;
        return registry.apply(new Command.Secret(zone, id, DeviceSecret.hash(secret), actor, meta(request)))
                .thenApply(decision -> {
                    failIfNotDone(decision);
                    log.info("{} issued an acme-dns account for {} (device {})", actor, zone.fqdn(subdomain), id.value());
                    ObjectNode out = Json.object().put("username", id.value()).put("password", secret)
                            .put("fulldomain", zone.fqdn(subdomain)).put("subdomain", subdomain);
                    out.putArray("allowfrom");
                    return Json.ok(out);
                });
    }

    /** Reads the config file again: what is in effect, what takes a restart; 422 when the file cannot be used. */
    private WebReply reload(AdminToken token) {
        ConfigReloader.Outcome outcome = reloader.reload();
        log.info("admin {} asked for a config reload: {}", token.name(), outcome.reloaded() ? "reloaded" : outcome.problem());
        ObjectNode out = Json.object().put("reloaded", outcome.reloaded());
        if (!outcome.reloaded()) {
            return Json.reply(422, out.put("error", outcome.problem() + "; the running config stays"));
        }
        outcome.applied().forEach(out.putArray("applied")::add);
        ArrayNode restart = out.putArray("need_restart");
        outcome.needRestart().forEach(restart::add);
        return Json.ok(out);
    }

    private CompletableFuture<WebReply> release(WebRequest request, AdminToken token, String rawName) {
        requireWriter();
        String fqdn = rawName.toLowerCase(Locale.ROOT);
        fqdn = fqdn.endsWith(".") ? fqdn.substring(0, fqdn.length() - 1) : fqdn;
        Zone zone = null;
        for (Zone z : zones) {
            if (fqdn.endsWith("." + z.name()) && (zone == null || z.name().length() > zone.name().length())) {
                zone = z;
            }
        }
        if (zone == null) {
            throw new Refusal(404, fqdn + " is in no zone this server serves");
        }
        String label = fqdn.substring(0, fqdn.length() - zone.name().length() - 1);
        if (label.isEmpty() || label.contains(".")) {
            throw new Refusal(404, "no name " + fqdn + " (names are one label under the zone)");
        }
        String actor = "admin " + token.name();
        String name = fqdn;
        Zone in = zone;
        return registry.apply(new Command.Release(zone, label, actor, meta(request))).thenApply(decision -> {
            if (decision.outcome() == dev.beacon.registry.Outcome.NO_RECORD) {
                throw new Refusal(404, "no device holds " + name);
            }
            failIfNotDone(decision);
            log.info("{} released {}", actor, name);
            return Json.ok(Json.object().put("name", name).put("zone", in.name()).put("released", true));
        });
    }

    private static void failIfNotDone(Decision decision) {
        switch (decision.outcome()) {
            case STORAGE_FAILED -> throw new Refusal(503, "storage failed; nothing was changed; try again");
            case BUSY -> throw new Refusal(503, "the writer is busy; nothing was changed; try again");
            default -> {
                // Done, or nothing to do.
            }
        }
    }

    private RequestMeta meta(WebRequest request) {
        return new RequestMeta(request.userAgent(), IpLiteral.format(request.client()), clock.millis());
    }

    private static boolean blocked(RegistrySnapshot snapshot, Zone zone, DeviceId id) {
        ZoneState state = snapshot.zone(zone.name());
        return state != null && state.blocked(id);
    }

    /**
     * The zone a device request means: {@code zone=} when given; else the one zone where the
     * device holds names or is blocked; else, for a block, the only zone when there is one.
     */
    private Zone zoneOf(WebRequest request, DeviceId id, boolean forBlock) {
        Zone given = zoneParam(request, false);
        if (given != null) {
            return given;
        }
        RegistrySnapshot snapshot = registry.snapshot();
        List<Zone> known = new ArrayList<>();
        for (Zone z : zones) {
            ZoneState state = snapshot.zone(z.name());
            if (!state.labelsOf(id).isEmpty() || state.blocked(id)) {
                known.add(z);
            }
        }
        if (known.size() == 1) {
            return known.get(0);
        }
        if (known.isEmpty() && zones.size() == 1) {
            return zones.get(0);
        }
        if (known.isEmpty() && !forBlock) {
            throw new Refusal(404, "no device " + id.value() + " in any zone");
        }
        throw new Refusal(400, "zone: say which zone with ?zone= (device " + id.value() + " is known in "
                + (known.isEmpty() ? "none" : "several") + " of the zones this server serves)");
    }

    private Zone zoneParam(WebRequest request, boolean required) {
        String name = param(request, "zone");
        if (name == null || name.isEmpty()) {
            if (required && zones.size() > 1) {
                throw new Refusal(400, "zone: required when the server serves several zones");
            }
            return required ? zones.get(0) : null;
        }
        Zone zone = zoneNamed(name.toLowerCase(Locale.ROOT).replaceAll("\\.$", ""));
        if (zone == null) {
            throw new Refusal(404, "zone: " + name + " is not a zone this server serves");
        }
        return zone;
    }

    private Zone zoneNamed(String name) {
        for (Zone z : zones) {
            if (z.name().equals(name)) {
                return z;
            }
        }
        return null;
    }

    private static DeviceId deviceId(String raw) {
        DeviceId id = DeviceId.parseOrNull(raw);
        if (id == null) {
            throw new Refusal(400, "device id: not a valid device identifier (1 to 64 bytes, no control characters)");
        }
        return id;
    }

    /** A parameter sent once, or null when absent; sent twice is a 400. */
    private static String param(WebRequest request, String name) {
        Params.Field field = request.params().field(name);
        if (field instanceof Params.Field.Duplicate) {
            throw new Refusal(400, name + ": give it once");
        }
        return field instanceof Params.Field.Value v ? v.text() : null;
    }

    private static int intParam(WebRequest request, String name, int fallback, int min, int max) {
        String text = param(request, name);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        return badRequest(name + ": a whole number from " + min + " to " + max);
    }

    private static <T> T badRequest(String message) {
        throw new Refusal(400, message);
    }

    private static CompletableFuture<WebReply> done(WebReply reply) {
        return CompletableFuture.completedFuture(reply);
    }

    /**
     * The opaque position of a device page: its last device's zone and id, and for a last-seen
     * order that device's last-seen time, base64url. A cursor is only good for the order it came from.
     */
    static final class Cursor {
        private Cursor() {
        }

        static String encode(DeviceQuery.Position at, DeviceQuery.Order order) {
            String text = at.zone() + "\n" + at.device()
                    + (order == DeviceQuery.Order.DEVICE ? "" : "\n" + at.seenMillis());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        }

        /** The position, or null for none; a cursor that is not one of ours, or of another order, is a 400. */
        static DeviceQuery.Position decode(String cursor, DeviceQuery.Order order) {
            if (cursor == null || cursor.isEmpty()) {
                return null;
            }
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                String[] parts = text.split("\n", -1);
                boolean bySeen = order != DeviceQuery.Order.DEVICE;
                if (parts.length == (bySeen ? 3 : 2) && !parts[0].isEmpty() && !parts[1].isEmpty()) {
                    return new DeviceQuery.Position(parts[0], parts[1], bySeen ? Long.parseLong(parts[2]) : 0);
                }
            } catch (IllegalArgumentException e) {
                // Reported below.
            }
            throw new Refusal(400, "cursor: not a cursor this API gave for this sort (use the 'next' of the previous page)");
        }
    }
}
