package dev.beacon.auth;

import dev.beacon.token.DeviceToken;
import dev.beacon.token.OpenedToken;
import dev.beacon.token.SignedRequest;
import dev.beacon.token.TokenCodec;
import dev.beacon.token.TokenKey;
import dev.beacon.token.TokenText;
import dev.beacon.token.TokenV2;
import dev.beacon.zone.Zone;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Decides whether a request's token proves a device. Version 1: it opens under a key of the ring,
 * is fresh (within {@code maxSkew} of this server's clock), was not used before, and is static
 * only where its zone allows static tokens. Version 2: its tag is the one the device's own key
 * (derived from the zone's master) makes for exactly this request, and its counter is above
 * every one this node accepted from the device (the commit checks the stored one). Either way
 * only where the zone accepts that version (protocol). Thread-safe; does no I/O.
 */
public final class TokenVerifier {

    private final TokenCodec codec;
    private volatile KeyRing keys;
    private final ReplayCache replays;
    private final Clock clock;
    private final long maxSkewSeconds;
    private final CounterMarks marks;

    public TokenVerifier(TokenCodec codec, KeyRing keys, ReplayCache replays, Clock clock, long maxSkewSeconds) {
        this.codec = codec;
        this.keys = keys;
        this.replays = replays;
        this.clock = clock;
        this.maxSkewSeconds = maxSkewSeconds;
        this.marks = new CounterMarks(MAX_DEVICES_TRACKED);
    }

    /**
     * Devices whose last version 2 counter is kept in memory, about 160 bytes each (80 MB at the
     * bound); past it the least recently advanced of a sample are forgotten, which lets at most
     * one replay each reach the commit's own check.
     */
    static final int MAX_DEVICES_TRACKED = 500_000;

    /** New keys and the zones they seal for (a config reload); counters and used nonces are kept. */
    public void keys(KeyRing ring) {
        this.keys = ring;
    }

    /** A token presented where no request could be signed: version 1 only. */
    public Verdict verify(CharSequence tokenText) {
        return verify(tokenText, () -> null);
    }

    /**
     * @param request what a version 2 token must have signed, built only for a version 2 token
     *     (the version 1 path allocates nothing for it); null on a path that carries no such
     *     request (the dialects), where version 2 tokens are refused
     */
    public Verdict verify(CharSequence tokenText, Supplier<SignedRequest> request) {
        byte[] raw = tokenText == null ? null : TokenText.decode(tokenText);
        if (raw == null) {
            return new Verdict.Refused(OpenedToken.Reason.MALFORMED);
        }
        if (raw.length > 0 && (raw[0] & 0xFF) == TokenV2.VERSION) {
            return verifyVersion2(raw, request.get());
        }
        Verdict v1 = verifyVersion1(raw);
        if (v1 instanceof Verdict.Accepted a && !a.zone().policy().tokenVersions().contains(1)) {
            return new Verdict.Refused(OpenedToken.Reason.VERSION_NOT_ALLOWED);
        }
        return v1;
    }

    private Verdict verifyVersion2(byte[] raw, SignedRequest request) {
        TokenV2.Parsed token = TokenV2.parse(raw);
        if (token == null) {
            return new Verdict.Refused(OpenedToken.Reason.MALFORMED);
        }
        KeyRing ring = keys;
        TokenKey master = ring.master(token.masterId());
        if (master == null) {
            return new Verdict.Refused(OpenedToken.Reason.UNKNOWN_KEY);
        }
        Zone zone = ring.masterZone(token.masterId());
        if (!zone.policy().tokenVersions().contains(2)) {
            return new Verdict.Refused(OpenedToken.Reason.VERSION_NOT_ALLOWED);
        }
        if (request == null) {
            return new Verdict.Refused(OpenedToken.Reason.UNSIGNABLE_PATH);
        }
        if (!token.verifies(TokenV2.deviceKey(master, token.device(), token.generation()), request)) {
            return new Verdict.Refused(OpenedToken.Reason.BAD_TAG);
        }
        if (!marks.advance(zone.name(), token.device(), token.generation(), token.counter(), System.nanoTime())) {
            return new Verdict.Refused(OpenedToken.Reason.REPLAYED);
        }
        return new Verdict.Accepted(zone, token.device(), false, null, 0, token.generation(), token.counter());
    }

    private Verdict verifyVersion1(byte[] raw) {
        KeyRing ring = keys;
        OpenedToken opened = codec.openBytes(raw, ring::key);
        if (opened instanceof OpenedToken.Refused refused) {
            return new Verdict.Refused(refused.reason());
        }
        DeviceToken token = ((OpenedToken.Valid) opened).token();
        Zone zone = ring.zone(token.keyId());
        if (token.isStatic()) {
            // A static token is a fixed password for clients that cannot mint tokens; it is
            // reused by design, so it has no freshness and no replay check.
            return zone.policy().allowStaticTokens()
                    ? new Verdict.Accepted(zone, token.deviceId(), true, null, 0)
                    : new Verdict.Refused(OpenedToken.Reason.STATIC_NOT_ALLOWED);
        }
        long now = clock.millis() / 1000;
        if (Math.abs(now - token.issuedAt()) > maxSkewSeconds) {
            return new Verdict.Refused(OpenedToken.Reason.EXPIRED);
        }
        return switch (replays.offer(token.issuedAt(), token.nonceDigest())) {
            case FIRST -> new Verdict.Accepted(zone, token.deviceId(), false, java.util.HexFormat.of().formatHex(token.nonce()),
                    (token.issuedAt() + maxSkewSeconds) * 1000);
            case REPLAY -> new Verdict.Refused(OpenedToken.Reason.REPLAYED);
            case FULL -> new Verdict.Overloaded();
        };
    }
}
