package dev.beacon.update;

import dev.beacon.auth.ReplayCache;
import dev.beacon.dns.UpdateRequest;
import dev.beacon.dns.UpdateService;
import dev.beacon.dns.Wire;
import dev.beacon.ip.IpLiteral;
import dev.beacon.logging.ThrottledLog;
import dev.beacon.record.RequestMeta;
import dev.beacon.registry.Command;
import dev.beacon.registry.Decision;
import dev.beacon.registry.Registry;
import dev.beacon.token.DeviceToken;
import dev.beacon.tsig.TsigKey;
import dev.beacon.zone.Zone;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 2136 UPDATE in: the zone is one of ours and grants the key something (else NOTAUTH or
 * REFUSED), the message reads ({@link UpdateMessage}), every edit lies within the key's grants
 * ({@link UpdateChecks}), and the registry decides the prerequisites and edits in one commit,
 * journaled under the key's name. Answered once durable.
 *
 * <p>A signed update stays valid for its TSIG fudge, so a captured one could be sent again: each
 * is accepted once, cluster-wide, like a device token (its MAC's digest is spent in the same
 * commit). A copy arriving again at this node, as a client's retransmission does when an answer
 * was lost, hears the first one's answer and changes nothing. Thread-safe.
 */
public final class DnsUpdates implements UpdateService {

    private static final Logger log = LoggerFactory.getLogger(DnsUpdates.class);
    /** Answers remembered for retransmissions; past this, a copy is refused instead. */
    private static final int REMEMBERED = 4096;

    private final Registry registry;
    /** The zones with their grants and policies: the start's, or the last reload's. */
    private volatile List<Zone> zones;
    private final ReplayCache replays;
    private final Clock clock;
    private final long windowSeconds;
    private final ThrottledLog refusals;
    private final ConcurrentHashMap<Long, Answered> answered = new ConcurrentHashMap<>();

    /** The answer to an update, for its copies until {@code untilSeconds}. */
    private record Answered(CompletableFuture<Integer> rcode, long untilSeconds) {
    }

    /**
     * @param replays where spent token nonces are kept; update MACs share it, and its seed from the
     *     store after a restart
     * @param windowSeconds how far an update's signing time may be from now (the token
     *     freshness window): a copy can be refused only while it is remembered
     */
    public DnsUpdates(Registry registry, List<Zone> zones, ReplayCache replays, Clock clock, long windowSeconds,
            ThrottledLog refusals) {
        this.registry = registry;
        this.zones = List.copyOf(zones);
        this.replays = replays;
        this.clock = clock;
        this.windowSeconds = windowSeconds;
        this.refusals = refusals;
    }

    /** A reload's zones: their grants and policies decide updates from now on (the zones' DNS data is unchanged). */
    public void zones(List<Zone> next) {
        this.zones = List.copyOf(next);
    }

    @Override
    public CompletableFuture<Integer> apply(UpdateRequest request) {
        try {
            return decide(request);
        } catch (UpdateError e) {
            refusals.warn("UPDATE from {}: {}: {}", request.describe(), Wire.rcodeName(e.rcode()), e.getMessage());
            return CompletableFuture.completedFuture(e.rcode());
        }
    }

    private CompletableFuture<Integer> decide(UpdateRequest request) throws UpdateError {
        byte[] message = request.message();
        String zoneName = String.join(".", UpdateMessage.zoneOf(message));
        Zone zone = zones.stream().filter(z -> z.name().equals(zoneName)).findFirst().orElse(null);
        if (zone == null) {
            throw new UpdateError(Wire.NOTAUTH, "not authoritative for zone '" + zoneName + "'");
        }
        if (registry.readOnly()) {
            throw new UpdateError(Wire.REFUSED, "this node is a read-only replica (storage.role: replica);"
                    + " send updates to a node that writes");
        }
        TsigKey key = request.tsig().key();
        if (!zone.updates().admits(key)) {
            throw new UpdateError(Wire.REFUSED, "zone " + zoneName + " grants key " + key.name() + " no updates (allow-update)");
        }
        long now = clock.millis();
        long signed = request.tsig().record().timeSigned();
        if (Math.abs(now / 1000 - signed) > windowSeconds) {
            throw new UpdateError(Wire.REFUSED, "signed " + (now / 1000 - signed) + " s from now; updates are taken within "
                    + windowSeconds + " s");
        }
        UpdatePlan plan = UpdateChecks.plan(zone, key, UpdateMessage.read(message, request.sectionsEnd()),
                IpLiteral.format(request.source()));
        byte[] nonce = nonce(request.tsig().record().mac());
        long digest = DeviceToken.nonceDigest(nonce);
        sweep(now / 1000);
        switch (replays.offer(signed, digest)) {
            case FULL:
                throw new UpdateError(Wire.SERVFAIL, "too many recent updates and tokens to check this one is new");
            case REPLAY: {
                Answered first = answered.get(digest);
                if (first == null) {
                    throw new UpdateError(Wire.REFUSED, "this signed update was taken before (a replay)");
                }
                return first.rcode();
            }
            default:
                break;
        }
        RequestMeta meta = new RequestMeta("", IpLiteral.format(request.source()), now, HexFormat.of().formatHex(nonce),
                (signed + windowSeconds) * 1000, null);
        CompletableFuture<Integer> rcode = registry.apply(new Command.Edit(zone, plan, "rfc2136 key " + key.name(), meta))
                .thenApply(decision -> answer(decision, request));
        if (answered.size() < REMEMBERED) {
            answered.put(digest, new Answered(rcode, signed + windowSeconds));
        }
        return rcode;
    }

    private int answer(Decision decision, UpdateRequest request) {
        int rcode = switch (decision.outcome()) {
            case MODIFIED, NO_CHANGE -> Wire.NOERROR;
            case NAME_NOT_IN_USE -> Wire.NXDOMAIN;
            case NAME_IN_USE -> Wire.YXDOMAIN;
            case RRSET_MISSING -> Wire.NXRRSET;
            case RRSET_EXISTS -> Wire.YXRRSET;
            case STORAGE_FAILED, BUSY -> Wire.SERVFAIL;
            default -> Wire.REFUSED;
        };
        if (rcode == Wire.NOERROR) {
            log.debug("UPDATE from {}: {} ({})", request.describe(), decision.outcome(), decision.changed());
        } else {
            refusals.warn("UPDATE from {}: {} ({})", request.describe(), Wire.rcodeName(rcode), describe(decision));
        }
        return rcode;
    }

    private static String describe(Decision decision) {
        return switch (decision.outcome()) {
            case NO_RECORD -> "it adds to a name no device holds; devices create names";
            case NOT_ALLOWED -> "a name would hold more records of a type than Beacon keeps";
            case REPLAYED -> "this signed update was taken before, at another node";
            case STORAGE_FAILED, BUSY -> "storage failed or is busy; nothing was changed";
            case NAME_NOT_IN_USE -> "a prerequisite failed: a name it says is in use has no records";
            case NAME_IN_USE -> "a prerequisite failed: a name it says is not in use has records";
            case RRSET_MISSING -> "a prerequisite failed: an RRset it names is missing or holds other records";
            case RRSET_EXISTS -> "a prerequisite failed: an RRset it says does not exist does";
            default -> decision.outcome().toString();
        };
    }

    /** Forgets answers whose updates can no longer be sent again. */
    private void sweep(long nowSeconds) {
        if (answered.size() >= REMEMBERED / 2) {
            answered.values().removeIf(a -> a.untilSeconds() < nowSeconds);
        }
    }

    /** What marks an update as spent: 12 bytes of its MAC's SHA-256, the size of a token's nonce. */
    private static byte[] nonce(byte[] mac) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(mac);
            return java.util.Arrays.copyOf(hash, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
