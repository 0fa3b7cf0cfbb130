package dev.beacon.auth;

import dev.beacon.token.DeviceToken;
import dev.beacon.token.OpenedToken;
import dev.beacon.token.TokenCodec;
import dev.beacon.zone.Zone;
import java.time.Clock;

/**
 * Decides whether a request's token proves a device: it opens under a key of the ring, is
 * fresh (within {@code maxSkew} of this server's clock), was not used before, and is static only
 * where its zone allows static tokens (protocol §2). Thread-safe; does no I/O.
 */
public final class TokenVerifier {

    private final TokenCodec codec;
    private final KeyRing keys;
    private final ReplayCache replays;
    private final Clock clock;
    private final long maxSkewSeconds;

    public TokenVerifier(TokenCodec codec, KeyRing keys, ReplayCache replays, Clock clock, long maxSkewSeconds) {
        this.codec = codec;
        this.keys = keys;
        this.replays = replays;
        this.clock = clock;
        this.maxSkewSeconds = maxSkewSeconds;
    }

    public Verdict verify(CharSequence tokenText) {
        OpenedToken opened = codec.open(tokenText, keys::key);
        if (opened instanceof OpenedToken.Refused refused) {
            return new Verdict.Refused(refused.reason());
        }
        DeviceToken token = ((OpenedToken.Valid) opened).token();
        Zone zone = keys.zone(token.keyId());
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
