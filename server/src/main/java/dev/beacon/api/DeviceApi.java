package dev.beacon.api;

import dev.beacon.auth.TokenVerifier;
import dev.beacon.auth.Verdict;
import dev.beacon.fleet.FleetStats;
import dev.beacon.flood.FloodGuard;
import dev.beacon.ip.IpLiteral;
import dev.beacon.record.Addresses;
import dev.beacon.record.NameRecord;
import dev.beacon.record.RequestMeta;
import dev.beacon.registry.Command;
import dev.beacon.registry.Decision;
import dev.beacon.registry.Registry;
import dev.beacon.registry.ZoneState;
import dev.beacon.token.DeviceId;
import dev.beacon.token.TokenCodec;
import dev.beacon.token.TokenKey;
import dev.beacon.zone.HostLabel;
import dev.beacon.zone.Zone;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The native device protocol (protocol §1), independent of HTTP: a request goes through the
 * address flood check, the token, the device flood check and field validation, then to the
 * registry, and comes back as a reply code. Every dialect (native, dyndns2, DuckDNS, rewrite
 * rules) ends here, so they share every check.
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
    private final List<Zone> zones;
    private final Clock clock;
    private final boolean devMode;

    public DeviceApi(TokenVerifier verifier, FloodGuard flood, Registry registry, FleetStats fleet,
            TokenCodec codec, List<Zone> zones, Clock clock, boolean devMode) {
        this.verifier = verifier;
        this.flood = flood;
        this.registry = registry;
        this.fleet = fleet;
        this.codec = codec;
        this.zones = List.copyOf(zones);
        this.clock = clock;
        this.devMode = devMode;
    }

    public CompletableFuture<Reply> handle(ApiRequest request) {
        String agent = request.userAgent();
        fleet.count(agent, FleetStats.Event.REQUEST);
        long wait = flood.checkAddress(request.client());
        if (wait > 0) {
            return flooded(agent, wait);
        }
        if (request.endpoint() == Endpoint.IPDETECT) {
            return done(Reply.text(IpLiteral.format(request.client())));
        }
        if (request.endpoint() == Endpoint.CIPHER) {
            return done(devMode ? cipher(request.params()) : Reply.notFound());
        }
        Verdict verdict = verifier.verify(tokenText(request.params()));
        if (verdict instanceof Verdict.Refused) {
            fleet.count(agent, FleetStats.Event.BAD_TOKEN);
            return done(Reply.of(ReplyCode.INVALID_TOKEN));
        }
        if (verdict instanceof Verdict.Overloaded) {
            return flooded(agent, OVERLOADED_RETRY_SECONDS);
        }
        Verdict.Accepted device = (Verdict.Accepted) verdict;
        wait = flood.checkDevice(device.zone().name(), device.device());
        if (wait > 0) {
            return flooded(agent, wait);
        }
        long now = clock.millis();
        registry.sightings().saw(device.zone().name(), device.device(), now);
        RequestMeta meta = new RequestMeta(agent, IpLiteral.format(request.client()), now);
        return switch (request.endpoint()) {
            case IPCHECK -> done(ipcheck(device));
            case REMOVE -> apply(new Command.Remove(device.zone(), device.device(), meta), true, agent);
            case ADD -> add(request, device, meta);
            case UPDATE -> update(request, device, meta);
            default -> throw new IllegalStateException("unrouted endpoint " + request.endpoint());
        };
    }

    /**
     * An update that names its hosts (dyndns2, DuckDNS): the same checks in the same order as the
     * native protocol (address flood, token, device flood, address), then one registry update of
     * the named hosts the device holds, with a result per name.
     */
    public CompletableFuture<HostResults> updateHosts(HostUpdate request) {
        String agent = request.userAgent();
        fleet.count(agent, FleetStats.Event.REQUEST);
        long wait = flood.checkAddress(request.client());
        if (wait > 0) {
            fleet.count(agent, FleetStats.Event.FLOOD);
            return CompletableFuture.completedFuture(HostResults.failed(HostResults.Status.FLOOD, wait));
        }
        Verdict verdict = verifier.verify(request.token());
        if (verdict instanceof Verdict.Refused) {
            fleet.count(agent, FleetStats.Event.BAD_TOKEN);
            return CompletableFuture.completedFuture(HostResults.failed(HostResults.Status.BAD_TOKEN, 0));
        }
        if (verdict instanceof Verdict.Overloaded) {
            fleet.count(agent, FleetStats.Event.FLOOD);
            return CompletableFuture.completedFuture(HostResults.failed(HostResults.Status.FLOOD, OVERLOADED_RETRY_SECONDS));
        }
        Verdict.Accepted device = (Verdict.Accepted) verdict;
        Zone zone = device.zone();
        wait = flood.checkDevice(zone.name(), device.device());
        if (wait > 0) {
            fleet.count(agent, FleetStats.Event.FLOOD);
            return CompletableFuture.completedFuture(HostResults.failed(HostResults.Status.FLOOD, wait));
        }
        long now = clock.millis();
        registry.sightings().saw(zone.name(), device.device(), now);
        Addresses addresses = Addresses.NONE;
        if (request.addressUpdate()) {
            addresses = AddressInput.parse(request.myip(), request.client(), zone.policy());
            if (addresses == null) {
                return CompletableFuture.completedFuture(HostResults.failed(HostResults.Status.BAD_ADDRESS, 0));
            }
        }
        ZoneState state = registry.snapshot().zone(zone.name());
        List<String> labels = new ArrayList<>();
        List<HostResults.Host> verdicts = new ArrayList<>();
        for (String hostname : request.hostnames()) {
            String label = HostName.labelIn(hostname, zone, request.bareLabels());
            if (label == null) {
                verdicts.add(HostName.isWellFormed(hostname) ? HostResults.Host.NOT_HELD : HostResults.Host.NOT_FQDN);
            } else if (!state.labelsOf(device.device()).contains(label)) {
                verdicts.add(HostResults.Host.NOT_HELD);
            } else {
                verdicts.add(null);
                labels.add(label);
            }
        }
        boolean anyRefused = labels.size() < request.hostnames().size();
        if (labels.isEmpty() || request.allOrNothing() && anyRefused) {
            // Nothing to change: the refused names say why; the device's own names stay as they were.
            List<HostResults.Host> hosts = verdicts.stream().map(v -> v == null ? HostResults.Host.UNCHANGED : v).toList();
            return CompletableFuture.completedFuture(new HostResults(HostResults.Status.DONE, 0, addresses, hosts));
        }
        RequestMeta meta = new RequestMeta(agent, IpLiteral.format(request.client()), now);
        Addresses carried = addresses;
        return registry.apply(new Command.Update(zone, device.device(), addresses, java.util.Map.of(), request.txt(),
                java.util.Set.copyOf(labels), meta)).thenApply(decision -> {
                    switch (decision.outcome()) {
                        case STORAGE_FAILED, BUSY -> {
                            fleet.count(agent, FleetStats.Event.ERROR);
                            return HostResults.failed(HostResults.Status.SERVER_ERROR, SERVER_ERROR_RETRY_SECONDS);
                        }
                        case MODIFIED -> fleet.count(agent, FleetStats.Event.CHANGE);
                        default -> fleet.count(agent, FleetStats.Event.NO_CHANGE);
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

    private CompletableFuture<Reply> add(ApiRequest request, Verdict.Accepted device, RequestMeta meta) {
        Zone zone = device.zone();
        Params.Field dm = request.params().field("dm");
        HostLabel.Parsed label = dm instanceof Params.Field.Value v
                ? HostLabel.parse(v.text(), zone)
                : new HostLabel.Parsed(null, HostLabel.Problem.EMPTY);
        if (!label.ok()) {
            return done(Reply.of(ReplyCode.INVALID_HOSTNAME));
        }
        Addresses addresses = AddressInput.parse(request.params().field("myip"), request.client(), zone.policy());
        if (addresses == null) {
            return done(Reply.of(ReplyCode.INVALID_IP));
        }
        FieldInput.Result fields = FieldInput.parse(request.params(), zone);
        if (fields.invalid() != null) {
            return done(Reply.of(ReplyCode.INVALID_FIELD, fields.invalid()));
        }
        return apply(new Command.Add(zone, device.device(), label.label(), addresses, fields.values(), meta),
                false, meta.userAgent());
    }

    private CompletableFuture<Reply> update(ApiRequest request, Verdict.Accepted device, RequestMeta meta) {
        Zone zone = device.zone();
        Addresses addresses = AddressInput.parse(request.params().field("myip"), request.client(), zone.policy());
        if (addresses == null) {
            return done(Reply.of(ReplyCode.INVALID_IP));
        }
        FieldInput.Result fields = FieldInput.parse(request.params(), zone);
        if (fields.invalid() != null) {
            return done(Reply.of(ReplyCode.INVALID_FIELD, fields.invalid()));
        }
        return apply(new Command.Update(zone, device.device(), addresses, fields.values(), meta), false,
                meta.userAgent());
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

    private CompletableFuture<Reply> apply(Command command, boolean isRemove, String agent) {
        return registry.apply(command).thenApply(decision -> {
            Reply reply = toReply(decision, isRemove);
            switch (reply.code()) {
                case NO_CHANGE -> fleet.count(agent, FleetStats.Event.NO_CHANGE);
                case MODIFIED, CREATED, DELETED -> fleet.count(agent, FleetStats.Event.CHANGE);
                case SERVER_ERROR, DELETE_FAILED -> fleet.count(agent, FleetStats.Event.ERROR);
                default -> {
                    // 07 and 13 are ordinary answers, not fleet events.
                }
            }
            return reply;
        });
    }

    static Reply toReply(Decision decision, boolean isRemove) {
        return switch (decision.outcome()) {
            case CREATED -> Reply.of(ReplyCode.CREATED, decision.fqdn());
            case MODIFIED -> Reply.of(ReplyCode.MODIFIED);
            case NO_CHANGE -> Reply.of(ReplyCode.NO_CHANGE);
            case NAME_TAKEN -> Reply.of(ReplyCode.NAME_TAKEN);
            case NO_RECORD -> Reply.of(ReplyCode.NO_RECORD);
            case DELETED -> Reply.of(ReplyCode.DELETED);
            // protocol §1: remove answers 16 when storage refused the delete.
            case STORAGE_FAILED -> Reply.of(isRemove ? ReplyCode.DELETE_FAILED : ReplyCode.SERVER_ERROR);
            case BUSY -> Reply.of(ReplyCode.SERVER_ERROR);
        };
    }

    /** The seed's browser test form: mints a fresh token for a device id (dev mode only). */
    private Reply cipher(Params params) {
        DeviceId id = DeviceId.parseOrNull(params.single("mac"));
        Zone zone = params.single("zone") == null ? zones.get(0) : zoneNamed(params.single("zone"));
        if (id == null || zone == null || zone.keys().isEmpty()) {
            return Reply.of(ReplyCode.INVALID_TOKEN);
        }
        // The last listed key is the current one: rotation appends a key and keeps the old for a while.
        TokenKey key = zone.keys().get(zone.keys().size() - 1);
        return Reply.text(codec.mint(key, id, clock.millis() / 1000));
    }

    private Zone zoneNamed(String name) {
        for (Zone z : zones) {
            if (z.name().equalsIgnoreCase(name)) {
                return z;
            }
        }
        return null;
    }

    private CompletableFuture<Reply> flooded(String agent, long retryAfter) {
        fleet.count(agent, FleetStats.Event.FLOOD);
        return done(Reply.flood(retryAfter));
    }

    private static String tokenText(Params params) {
        // A duplicate or missing mac gives null, which the codec refuses as malformed.
        return params.single("mac");
    }

    private static CompletableFuture<Reply> done(Reply reply) {
        return CompletableFuture.completedFuture(reply);
    }
}
