package dev.beacon.device;

import dev.beacon.auth.DeviceSecret;
import dev.beacon.auth.TokenVerifier;
import dev.beacon.auth.Verdict;
import dev.beacon.token.OpenedToken;
import dev.beacon.fleet.FleetStats;
import dev.beacon.flood.FloodGuard;
import dev.beacon.ip.IpLiteral;
import dev.beacon.record.Addresses;
import dev.beacon.record.PrefixChange;
import dev.beacon.record.RecordsChange;
import dev.beacon.record.NameRecord;
import dev.beacon.record.RequestMeta;
import dev.beacon.registry.Command;
import dev.beacon.registry.Decision;
import dev.beacon.registry.Registry;
import dev.beacon.registry.ZoneState;
import dev.beacon.token.DeviceId;
import dev.beacon.token.SignedRequest;
import dev.beacon.token.TokenCodec;
import dev.beacon.token.TokenKey;
import dev.beacon.zone.HostLabel;
import dev.beacon.zone.Zone;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The native device protocol (protocol §1), independent of HTTP: a request passes one
 * {@link #admit admission} (address flood check, token, device flood check), then field
 * validation, then the registry, and comes back as a reply. Every dialect (native, dyndns2,
 * DuckDNS, rewrite rules) ends here, so they share every check.
 *
 * <p>Thread-safe. Never blocks: a change's future completes on the registry's writer thread once
 * it is durable; everything else completes before {@link #handle} returns.
 */
public final class DeviceApi {

    /** How long a device is asked to wait when the replay cache is full (server-wide flood). */
    private static final long OVERLOADED_RETRY_SECONDS = 30;
    /** How long a client is asked to wait after a storage failure. */
    private static final long SERVER_ERROR_RETRY_SECONDS = 30;

    private final TokenVerifier verifier;
    private final FloodGuard flood;
    private final Registry registry;
    private final FleetStats fleet;
    private final TokenCodec codec;
    /** Replaced whole by a config reload (new keys or policies); read once per use. */
    private volatile List<Zone> zones;
    private final Clock clock;
    private final boolean devMode;
    private final RefusalLog refusals;
    private final RequestObserver observer;

    public DeviceApi(TokenVerifier verifier, FloodGuard flood, Registry registry, FleetStats fleet,
            TokenCodec codec, List<Zone> zones, Clock clock, boolean devMode, RefusalLog refusals,
            RequestObserver observer) {
        this.observer = observer;
        this.verifier = verifier;
        this.flood = flood;
        this.registry = registry;
        this.fleet = fleet;
        this.codec = codec;
        this.zones = List.copyOf(zones);
        this.clock = clock;
        this.devMode = devMode;
        this.refusals = refusals;
    }

    /** The zones with the keys and policies of a reloaded config (the same zones: a reload cannot add one). */
    public void zones(List<Zone> reloaded) {
        this.zones = List.copyOf(reloaded);
    }

    public CompletableFuture<Reply> handle(ApiRequest request) {
        long start = System.nanoTime();
        String agent = request.userAgent();
        fleet.count(agent, FleetStats.Event.REQUEST);
        return answer(request, agent).thenApply(reply -> {
            if (reply.code() != null) {
                fleet.replied(agent, reply.code().text());
            }
            observer.answered(request.dialect(), request.endpoint().metricName(),
                    reply.code() == null ? "none" : reply.code().text(), System.nanoTime() - start);
            return reply;
        });
    }

    private CompletableFuture<Reply> answer(ApiRequest request, String agent) {
        if (request.endpoint() == Endpoint.IPDETECT || request.endpoint() == Endpoint.CIPHER) {
            long wait = flood.checkAddress(request.client());
            if (wait > 0) {
                return done(flooded(request.client(), agent, "address", wait, null));
            }
            return done(request.endpoint() == Endpoint.IPDETECT ? Reply.text(IpLiteral.format(request.client()))
                    : devMode ? CipherForm.answer(request.params(), this::mint) : Reply.notFound());
        }
        // A duplicate or missing mac gives null, which the codec refuses as malformed.
        // Device secrets are for third-party clients' updates: a rewrite rule's update, never a
        // native call and never an add or a remove.
        boolean secretsHere = request.endpoint() == Endpoint.UPDATE && !request.dialect().equals("native");
        Admission admission = admit(request.client(), agent, request.params().single("mac"), () -> signed(request),
                secretsHere, request.secure());
        if (admission instanceof Admission.Flooded f) {
            return done(Reply.flood(f.retryAfterSeconds()));
        }
        if (!(admission instanceof Admission.Admitted admitted)) {
            return done(Reply.of(ReplyCode.INVALID_TOKEN));
        }
        if (admitted.device().isStatic()
                && (request.endpoint() == Endpoint.ADD || request.endpoint() == Endpoint.REMOVE)) {
            // A static token is a fixed password for clients that only update: one that leaks
            // must not be able to take names or give the device's away.
            refusals.refusedToken(request.client(), agent, new Verdict.Refused(OpenedToken.Reason.STATIC_NOT_ALLOWED));
            return done(Reply.of(ReplyCode.INVALID_TOKEN));
        }
        if (request.endpoint() == Endpoint.UPDATE || request.endpoint() == Endpoint.ADD) {
            fleet.updateHeard(agent, admitted.device().zone().name(), admitted.device().device().value(),
                    admitted.meta().atMillis());
        }
        return switch (request.endpoint()) {
            case IPCHECK -> done(ipcheck(admitted.device()));
            case REMOVE -> commit(new Command.Remove(admitted.device().zone(), admitted.device().device(),
                    admitted.meta()), ReplyCode.DELETE_FAILED);
            case ADD -> add(request, admitted);
            case UPDATE -> update(request, admitted);
            case IPDETECT, CIPHER -> throw new IllegalStateException("answered above");
        };
    }

    /**
     * An update that names its hosts (dyndns2, DuckDNS): the same admission as the native
     * protocol, then the address, then one registry update of the named hosts the device holds,
     * with a result per name.
     */
    public CompletableFuture<HostResults> updateHosts(HostUpdate request) {
        long start = System.nanoTime();
        fleet.count(request.userAgent(), FleetStats.Event.REQUEST);
        return updateNamedHosts(request).thenApply(results -> {
            String code = nativeCode(results).text();
            fleet.replied(request.userAgent(), code);
            observer.answered(request.dialect(), "hosts", code, System.nanoTime() - start);
            return results;
        });
    }

    /** The native code a dialect's answer stands for, so the fleet report compares firmware alike. */
    private static ReplyCode nativeCode(HostResults results) {
        return switch (results.status()) {
            case FLOOD -> ReplyCode.FLOOD;
            case BAD_TOKEN -> ReplyCode.INVALID_TOKEN;
            case BAD_ADDRESS -> ReplyCode.INVALID_IP;
            case SERVER_ERROR -> ReplyCode.SERVER_ERROR;
            case DONE -> results.hosts().contains(HostResults.Host.CHANGED) ? ReplyCode.MODIFIED
                    : results.hosts().contains(HostResults.Host.UNCHANGED) ? ReplyCode.NO_CHANGE : ReplyCode.NO_RECORD;
        };
    }

    private CompletableFuture<HostResults> updateNamedHosts(HostUpdate request) {
        Admission admission = admit(request.client(), request.userAgent(), request.token(), () -> null, true,
                request.secure());
        if (admission instanceof Admission.Flooded f) {
            return done(HostResults.failed(HostResults.Status.FLOOD, f.retryAfterSeconds()));
        }
        if (!(admission instanceof Admission.Admitted admitted)) {
            return done(HostResults.failed(HostResults.Status.BAD_TOKEN, 0));
        }
        Zone zone = admitted.device().zone();
        DeviceId device = admitted.device().device();
        if (request.device() != null && !device.equals(DeviceId.parseOrNull(request.device()))) {
            // The secret is another device's: whoever sent it does not hold the named user's.
            return done(HostResults.failed(HostResults.Status.BAD_TOKEN, 0));
        }
        fleet.updateHeard(request.userAgent(), zone.name(), device.value(), admitted.meta().atMillis());
        Addresses addresses = Addresses.NONE;
        if (request.addressing() == HostUpdate.Addressing.SET) {
            addresses = AddressInput.parse(request.myip(), request.client(), zone.policy());
            if (addresses == null) {
                return done(HostResults.failed(HostResults.Status.BAD_ADDRESS, 0));
            }
        }
        PrefixChange prefix = PrefixInput.parse(request.prefixFields(), false, zone.policy());
        if (prefix == null) {
            return done(HostResults.failed(HostResults.Status.BAD_ADDRESS, 0));
        }
        ZoneState state = registry.snapshot().zone(zone.name());
        List<String> labels = new ArrayList<>();
        List<HostResults.Host> verdicts = new ArrayList<>();
        for (String hostname : request.hostnames()) {
            String label = HostName.labelIn(hostname, zone, request.naming());
            if (label == null) {
                verdicts.add(HostName.isWellFormed(hostname) ? HostResults.Host.NOT_HELD : HostResults.Host.NOT_FQDN);
            } else if (!state.labelsOf(device).contains(label)) {
                verdicts.add(HostResults.Host.NOT_HELD);
            } else {
                verdicts.add(null);
                labels.add(label);
            }
        }
        boolean anyRefused = labels.size() < request.hostnames().size();
        if (labels.isEmpty() || request.scope() == HostUpdate.Scope.ALL_OR_NOTHING && anyRefused) {
            // Nothing to change: the refused names say why; the device's own names stay as they were.
            List<HostResults.Host> hosts = verdicts.stream().map(v -> v == null ? HostResults.Host.UNCHANGED : v).toList();
            return done(new HostResults(HostResults.Status.DONE, 0, addresses, hosts));
        }
        Addresses carried = addresses;
        String agent = request.userAgent();
        return registry.apply(new Command.Update(zone, device, addresses, prefix, Map.of(), request.txt(),
                Set.copyOf(labels), admitted.meta())).thenApply(decision -> {
                    switch (decision.outcome()) {
                        case STORAGE_FAILED, BUSY -> {
                            fleet.count(agent, FleetStats.Event.ERROR);
                            return HostResults.failed(HostResults.Status.SERVER_ERROR, SERVER_ERROR_RETRY_SECONDS);
                        }
                        case REPLAYED -> {
                            fleet.count(agent, FleetStats.Event.BAD_TOKEN);
                            return HostResults.failed(HostResults.Status.BAD_TOKEN, 0);
                        }
                        case MODIFIED -> fleet.count(agent, FleetStats.Event.CHANGE);
                        default -> {
                            fleet.count(agent, FleetStats.Event.NO_CHANGE);
                            fleet.unchanged(zone.name() + "/" + device.value(), admitted.meta().source());
                            flood.unchanged(zone.name(), device);
                        }
                    }
                    List<HostResults.Host> hosts = new ArrayList<>();
                    int next = 0;
                    for (HostResults.Host v : verdicts) {
                        if (v != null) {
                            hosts.add(v);
                        } else {
                            String label = labels.get(next++);
                            hosts.add(decision.changed().contains(label) ? HostResults.Host.CHANGED
                                    : HostResults.Host.UNCHANGED);
                        }
                    }
                    return new HostResults(HostResults.Status.DONE, 0, carried, hosts);
                });
    }

    /**
     * The checks every authenticated request passes, in this order: the client address's flood
     * limit (before any decryption, so a flood costs little), the token, the device's flood limit.
     * Refusals are counted per User-Agent and logged (throttled); an admitted device is marked seen.
     */
    /**
     * What a version 2 token on a native request must have signed: the endpoint and every
     * parameter but the token; null when a parameter came twice (then no token can vouch for it).
     */
    private static SignedRequest signed(ApiRequest request) {
        List<Map.Entry<String, String>> params = new ArrayList<>();
        for (String name : request.params().names()) {
            if (!(request.params().field(name) instanceof Params.Field.Value v)) {
                return null;
            }
            params.add(Map.entry(name, v.text()));
        }
        return new SignedRequest(request.endpoint().metricName(), params);
    }

    private Admission admit(InetAddress client, String agent, String token, Supplier<SignedRequest> request,
            boolean secretsHere, boolean secure) {
        long wait = flood.checkAddress(client);
        if (wait > 0) {
            flooded(client, agent, "address", wait, null);
            return new Admission.Flooded(wait);
        }
        Verdict verdict = credential(token, request, secretsHere, secure);
        if (verdict instanceof Verdict.Refused refused) {
            fleet.count(agent, FleetStats.Event.BAD_TOKEN);
            refusals.refusedToken(client, agent, refused);
            return new Admission.BadToken();
        }
        if (verdict instanceof Verdict.Overloaded) {
            flooded(client, agent, "server-wide token", OVERLOADED_RETRY_SECONDS, null);
            return new Admission.Flooded(OVERLOADED_RETRY_SECONDS);
        }
        Verdict.Accepted device = (Verdict.Accepted) verdict;
        ZoneState zoneState = registry.snapshot().zone(device.zone().name());
        if (zoneState != null && device.counter() > 0 && device.generation() < zoneState.generationFloor(device.device())) {
            // A revoked version 2 key: refused however the request would end, on every node.
            fleet.count(agent, FleetStats.Event.BAD_TOKEN);
            refusals.refusedToken(client, agent, new Verdict.Refused(OpenedToken.Reason.REVOKED));
            return new Admission.BadToken();
        }
        if (zoneState != null && zoneState.blocked(device.device())) {
            // An operator's block: the firmware hears "stop, my configuration is wrong", and no
            // database work is done for it.
            fleet.count(agent, FleetStats.Event.BLOCKED);
            return new Admission.BadToken();
        }
        wait = flood.checkDevice(device.zone().name(), device.device());
        if (wait > 0) {
            flooded(client, agent, "device", wait, device.zone().name() + "/" + device.device().value());
            return new Admission.Flooded(wait);
        }
        long now = clock.millis();
        registry.sightings().saw(device.zone().name(), device.device(), now);
        return new Admission.Admitted(device, new RequestMeta(agent, IpLiteral.format(client), now, device.nonce(),
                device.validUntilMillis(), device.counter() == 0 ? null
                        : new RequestMeta.Counter(device.generation(), device.counter())));
    }

    /**
     * What a presented credential proves: a device secret (looked up by its hash in the zones'
     * state, where the path takes one) or a token; a static one of either kind only over TLS
     * where the zone asks for that.
     */
    private Verdict credential(String token, Supplier<SignedRequest> request, boolean secretsHere, boolean secure) {
        Verdict verdict;
        if (DeviceSecret.looksLike(token)) {
            verdict = secretsHere ? secretHolder(DeviceSecret.hash(token))
                    : new Verdict.Refused(OpenedToken.Reason.SECRET_NOT_ALLOWED_HERE);
        } else {
            verdict = verifier.verify(token, request);
        }
        if (verdict instanceof Verdict.Accepted a && a.isStatic() && a.zone().policy().staticHttpsOnly() && !secure) {
            return new Verdict.Refused(OpenedToken.Reason.NOT_TLS);
        }
        return verdict;
    }

    private Verdict secretHolder(String hash) {
        for (Zone zone : zones) {
            ZoneState state = registry.snapshot().zone(zone.name());
            DeviceId device = state == null ? null : state.secretHolder(hash);
            if (device != null) {
                return new Verdict.Accepted(zone, device, true, null, 0);
            }
        }
        return new Verdict.Refused(OpenedToken.Reason.UNKNOWN_SECRET);
    }

    private CompletableFuture<Reply> add(ApiRequest request, Admission.Admitted admitted) {
        Zone zone = admitted.device().zone();
        Params.Field dm = request.params().field("dm");
        HostLabel.Parsed label = dm instanceof Params.Field.Value v
                ? HostLabel.parse(v.text(), zone)
                : new HostLabel.Parsed(null, HostLabel.Problem.EMPTY);
        if (!label.ok()) {
            return done(Reply.of(ReplyCode.INVALID_HOSTNAME));
        }
        Data data = data(request, zone);
        if (data instanceof Data.Refused r) {
            return done(r.reply());
        }
        Data.Valid v = (Data.Valid) data;
        return commit(new Command.Add(zone, admitted.device().device(), label.label(), v.addresses(), v.prefix(),
                v.ttl(), v.records(), v.fields(), admitted.meta()), ReplyCode.SERVER_ERROR);
    }

    private CompletableFuture<Reply> update(ApiRequest request, Admission.Admitted admitted) {
        Zone zone = admitted.device().zone();
        Data data = data(request, zone);
        if (data instanceof Data.Refused r) {
            return done(r.reply());
        }
        Data.Valid v = (Data.Valid) data;
        return commit(new Command.Update(zone, admitted.device().device(), v.addresses(), v.prefix(), v.ttl(),
                v.records(), v.fields(), admitted.meta()), ReplyCode.SERVER_ERROR);
    }

    /**
     * What add and update both carry: the addresses ({@code myip}), the IPv6 interface id and
     * prefix ({@link PrefixInput}), the zone's custom fields, the names' TTL ({@code ttl}, null
     * to keep it) and their CNAME and MX records ({@link RecordsInput}).
     */
    private sealed interface Data {
        record Valid(Addresses addresses, PrefixChange prefix, Map<String, String> fields, Integer ttl,
                RecordsChange records) implements Data {
        }

        record Refused(Reply reply) implements Data {
        }
    }

    private static Data data(ApiRequest request, Zone zone) {
        Addresses addresses = AddressInput.parse(request.params().field("myip"), request.client(), zone.policy());
        PrefixChange prefix = PrefixInput.parse(request.params(), true, zone.policy());
        if (addresses == null || prefix == null) {
            return new Data.Refused(Reply.of(ReplyCode.INVALID_IP));
        }
        FieldInput.Result fields = FieldInput.parse(request.params(), zone);
        if (fields.invalid() != null) {
            return new Data.Refused(Reply.of(ReplyCode.INVALID_FIELD, fields.invalid()));
        }
        TtlInput.Result ttl = TtlInput.parse(request.params().field(TtlInput.FIELD), zone.policy().ttl());
        if (!ttl.valid()) {
            return new Data.Refused(Reply.of(ReplyCode.INVALID_FIELD, TtlInput.FIELD));
        }
        RecordsInput.Result records = RecordsInput.parse(request.params());
        if (records.invalid() != null) {
            return new Data.Refused(Reply.of(ReplyCode.INVALID_FIELD, records.invalid()));
        }
        return new Data.Valid(addresses, prefix, fields.values(), ttl.ttl(), records.change());
    }

    private Reply ipcheck(Verdict.Accepted device) {
        ZoneState state = registry.snapshot().zone(device.zone().name());
        List<String> labels = state.labelsOf(device.device());
        if (labels.isEmpty()) {
            return Reply.of(ReplyCode.NO_RECORD);
        }
        NameRecord first = state.record(labels.get(0));
        return Reply.of(ReplyCode.FOUND, IpLiteral.format(first.addresses().preferred()));
    }

    /**
     * Hands a command to the registry and counts what it did.
     *
     * @param onStorageFailure what the device hears when storage fails: 12, or 16 for a remove
     *     (protocol §1)
     */
    private CompletableFuture<Reply> commit(Command command, ReplyCode onStorageFailure) {
        String agent = command.meta().userAgent();
        return registry.apply(command).thenApply(decision -> {
            Reply reply = toReply(decision, onStorageFailure);
            switch (reply.code()) {
                case NO_CHANGE -> {
                    fleet.count(agent, FleetStats.Event.NO_CHANGE);
                    fleet.unchanged(command.zone().name() + "/" + command.device().value(), command.meta().source());
                    flood.unchanged(command.zone().name(), command.device());
                }
                case MODIFIED, CREATED, DELETED -> fleet.count(agent, FleetStats.Event.CHANGE);
                case SERVER_ERROR, DELETE_FAILED -> fleet.count(agent, FleetStats.Event.ERROR);
                default -> {
                    // 07 and 13 are ordinary answers, not fleet events.
                }
            }
            return reply;
        });
    }

    static Reply toReply(Decision decision, ReplyCode onStorageFailure) {
        return switch (decision.outcome()) {
            case CREATED -> Reply.of(ReplyCode.CREATED, decision.fqdn());
            case MODIFIED -> Reply.of(ReplyCode.MODIFIED);
            case NO_CHANGE -> Reply.of(ReplyCode.NO_CHANGE);
            case NAME_TAKEN -> Reply.of(ReplyCode.NAME_TAKEN);
            case AT_LIMIT -> throw new IllegalStateException("device adds release a name at the limit");
            case NAME_NOT_IN_USE, NAME_IN_USE, RRSET_MISSING, RRSET_EXISTS, NOT_ALLOWED ->
                    throw new IllegalStateException("only RFC 2136 updates end as " + decision.outcome());
            case REPLAYED -> Reply.of(ReplyCode.INVALID_TOKEN);
            case NO_RECORD -> Reply.of(ReplyCode.NO_RECORD);
            case DELETED -> Reply.of(ReplyCode.DELETED);
            case STORAGE_FAILED -> Reply.of(onStorageFailure);
            case BUSY -> Reply.of(ReplyCode.SERVER_ERROR);
        };
    }

    /** A fresh token for a device id in a zone (null: the default zone), or null when there is no such zone. */
    private String mint(DeviceId id, String zoneName) {
        Zone zone = zoneName == null ? zones.get(0) : zoneNamed(zoneName);
        if (zone == null || zone.keys().isEmpty()) {
            return null;
        }
        // The last listed key is the current one: rotation appends a key and keeps the old for a while.
        TokenKey key = zone.keys().get(zone.keys().size() - 1);
        return codec.mint(key, id, clock.millis() / 1000);
    }

    private Zone zoneNamed(String name) {
        for (Zone z : zones) {
            if (z.name().equalsIgnoreCase(name)) {
                return z;
            }
        }
        return null;
    }

    /** @param device {@code zone/device id} when the device is known, else null */
    private Reply flooded(InetAddress client, String agent, String scope, long retryAfter, String device) {
        fleet.count(agent, FleetStats.Event.FLOOD);
        fleet.flooded(device, IpLiteral.format(client));
        observer.flooded(scope);
        refusals.flooded(client, agent, scope, retryAfter);
        return Reply.flood(retryAfter);
    }

    private static <T> CompletableFuture<T> done(T reply) {
        return CompletableFuture.completedFuture(reply);
    }
}
