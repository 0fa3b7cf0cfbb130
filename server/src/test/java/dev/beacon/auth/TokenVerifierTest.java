package dev.beacon.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.MutableClock;
import dev.beacon.token.DeviceId;
import dev.beacon.token.OpenedToken;
import dev.beacon.token.TokenCodec;
import dev.beacon.token.TokenKey;
import dev.beacon.zone.Zone;
import dev.beacon.zone.ZonePolicy;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {

    private final MutableClock clock = new MutableClock(1_800_000_000_000L);
    private final TokenCodec codec = new TokenCodec(new SecureRandom());
    private final TokenKey strictKey = new TokenKey(1, new byte[32]);
    private final TokenKey lenientKey = new TokenKey(2, filled(7));
    private final Zone strict = zone("strict.test", strictKey, false);
    private final Zone lenient = zone("lenient.test", lenientKey, true);
    private final TokenVerifier verifier = new TokenVerifier(codec, new KeyRing(List.of(strict, lenient)),
            new ReplayCache(clock, 600, 10_000), clock, 600);
    private final DeviceId device = DeviceId.parse("E0:46:9A:B8:1B:FC");

    @Test
    void freshTokenIsAcceptedForTheZoneItsKeyIdSelects() {
        byte[] nonce = new byte[12];
        nonce[11] = 7;
        Verdict v = verifier.verify(codec.seal(lenientKey, device, now(), nonce));
        assertThat(v).isEqualTo(new Verdict.Accepted(lenient, device, false, "000000000000000000000007",
                (now() + 600) * 1000));
    }

    @Test
    void tokenUsedTwiceIsRefusedAsReplayed() {
        String token = codec.mint(strictKey, device, now());
        verifier.verify(token);
        assertThat(verifier.verify(token)).isEqualTo(new Verdict.Refused(OpenedToken.Reason.REPLAYED));
    }

    @Test
    void tokenOlderThanTheSkewIsRefusedAsExpired() {
        assertThat(verifier.verify(codec.mint(strictKey, device, now() - 601)))
                .isEqualTo(new Verdict.Refused(OpenedToken.Reason.EXPIRED));
    }

    @Test
    void tokenFromTheFutureBeyondTheSkewIsRefusedAsExpired() {
        assertThat(verifier.verify(codec.mint(strictKey, device, now() + 601)))
                .isEqualTo(new Verdict.Refused(OpenedToken.Reason.EXPIRED));
    }

    @Test
    void tokenAtTheEdgeOfTheSkewIsAccepted() {
        assertThat(verifier.verify(codec.mint(strictKey, device, now() - 600))).isInstanceOf(Verdict.Accepted.class);
        assertThat(verifier.verify(codec.mint(strictKey, device, now() + 600))).isInstanceOf(Verdict.Accepted.class);
    }

    @Test
    void staticTokenIsRefusedWhereTheZoneDoesNotAllowThem() {
        assertThat(verifier.verify(codec.mint(strictKey, device, 0)))
                .isEqualTo(new Verdict.Refused(OpenedToken.Reason.STATIC_NOT_ALLOWED));
    }

    @Test
    void staticTokenIsAcceptedAgainAndAgainWhereAllowed() {
        String token = codec.mint(lenientKey, device, 0);
        assertThat(verifier.verify(token)).isEqualTo(new Verdict.Accepted(lenient, device, true, null, 0));
        clock.advanceSeconds(86_400 * 365);
        assertThat(verifier.verify(token)).isEqualTo(new Verdict.Accepted(lenient, device, true, null, 0));
    }

    @Test
    void missingTokenIsRefusedAsMalformed() {
        assertThat(verifier.verify(null)).isEqualTo(new Verdict.Refused(OpenedToken.Reason.MALFORMED));
    }

    private long now() {
        return clock.millis() / 1000;
    }

    private static Zone zone(String name, TokenKey key, boolean allowStatic) {
        return Zone.of(name, ZonePolicy.defaults().withStaticTokens(allowStatic), Map.of(), List.of(key));
    }

    private static byte[] filled(int b) {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) b);
        return k;
    }
}
