package dev.beacon.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class TokenCodecTest {

    private final TokenCodec codec = new TokenCodec(new SecureRandom());
    private final TokenKey key = new TokenKey(1, new byte[32]);
    private final IntFunction<TokenKey> keys = kid -> kid == 1 ? key : null;

    @Test
    void mintedTokenOpensToTheSameDeviceAndTime() {
        String token = codec.mint(key, DeviceId.parse("e0469ab81bfc"), 1_767_225_600L);
        DeviceToken opened = ((OpenedToken.Valid) codec.open(token, keys)).token();
        assertThat(opened.deviceId().value()).isEqualTo("E0:46:9A:B8:1B:FC");
        assertThat(opened.issuedAt()).isEqualTo(1_767_225_600L);
    }

    @Test
    void twoMintedTokensForOneDeviceDiffer() {
        DeviceId id = DeviceId.parse("SN-1");
        assertThat(codec.mint(key, id, 5)).isNotEqualTo(codec.mint(key, id, 5));
    }

    @Test
    void tokenOfUnknownKeyIdIsRefusedAsUnknownKey() {
        String token = codec.mint(new TokenKey(9, new byte[32]), DeviceId.parse("SN-1"), 5);
        assertThat(codec.open(token, keys)).isEqualTo(new OpenedToken.Refused(OpenedToken.Reason.UNKNOWN_KEY));
    }

    @Test
    void versionTwoIsRefusedAsUnsupportedUntilSpecified() {
        byte[] raw = codec.sealBytes(key, DeviceId.parse("SN-1"), 5, new byte[12]);
        raw[0] = TokenCodec.VERSION_2;
        assertThat(codec.openBytes(raw, keys))
                .isEqualTo(new OpenedToken.Refused(OpenedToken.Reason.UNSUPPORTED_VERSION));
    }

    @Test
    void changingTheKeyIdByteBreaksTheTagBecauseItIsAuthenticated() {
        TokenKey sameSecretOtherId = new TokenKey(2, new byte[32]);
        byte[] raw = codec.sealBytes(key, DeviceId.parse("SN-1"), 5, new byte[12]);
        raw[1] = 2;
        assertThat(codec.openBytes(raw, kid -> sameSecretOtherId))
                .isEqualTo(new OpenedToken.Refused(OpenedToken.Reason.BAD_TAG));
    }

    @Test
    void emptyTextIsMalformed() {
        assertThat(codec.open("", keys)).isEqualTo(new OpenedToken.Refused(OpenedToken.Reason.MALFORMED));
        assertThat(codec.open(null, keys)).isEqualTo(new OpenedToken.Refused(OpenedToken.Reason.MALFORMED));
    }

    @Test
    void oversizedTextIsMalformedWithoutDecoding() {
        assertThat(codec.open("A".repeat(10_000), keys))
                .isEqualTo(new OpenedToken.Refused(OpenedToken.Reason.MALFORMED));
    }

    @Test
    void staticTokenHasIssuedAtZero() {
        String token = codec.seal(key, DeviceId.parse("SN-1"), 0, new byte[12]);
        assertThat(((OpenedToken.Valid) codec.open(token, keys)).token().isStatic()).isTrue();
    }
}
