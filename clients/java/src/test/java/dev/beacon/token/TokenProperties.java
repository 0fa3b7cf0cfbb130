package dev.beacon.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.function.IntFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class TokenProperties {

    private final TokenCodec codec = new TokenCodec(new SecureRandom());
    private final TokenKey key = new TokenKey(3, new byte[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
    private final IntFunction<TokenKey> keys = kid -> kid == 3 ? key : null;

    @Provide
    Arbitrary<String> deviceIds() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(32)
                .filter(s -> DeviceId.parseOrNull(s) != null);
    }

    @Property
    void everySealedTokenOpensToItsDeviceAndTime(@ForAll("deviceIds") String id,
            @ForAll @LongRange(min = 0, max = 0xFFFFFFFFL) long issuedAt,
            @ForAll @Size(12) byte[] nonce) {
        DeviceId device = DeviceId.parse(id);
        String token = codec.seal(key, device, issuedAt, nonce);
        OpenedToken opened = codec.open(token, keys);
        assertThat(opened).isInstanceOf(OpenedToken.Valid.class);
        DeviceToken t = ((OpenedToken.Valid) opened).token();
        assertThat(t.deviceId()).isEqualTo(device);
        assertThat(t.issuedAt()).isEqualTo(issuedAt);
    }

    @Property
    void flippingAnyBitOfASealedTokenGetsItRefused(@ForAll("deviceIds") String id,
            @ForAll @IntRange(min = 0, max = 10_000) int bitSeed) {
        byte[] raw = codec.sealBytes(key, DeviceId.parse(id), 1_700_000_000L, new byte[12]);
        int bit = bitSeed % (raw.length * 8);
        raw[bit / 8] ^= (byte) (1 << (bit % 8));
        assertThat(codec.openBytes(raw, keys)).isInstanceOf(OpenedToken.Refused.class);
    }

    @Property
    void tokenTextRoundTripsAnyNonEmptyBytes(@ForAll @Size(min = 1, max = 100) byte[] bytes) {
        assertThat(TokenText.decode(TokenText.encode(bytes))).isEqualTo(bytes);
    }

    @Property
    void arbitraryTextIsRefusedWithTheCodecsOwnAnswerNeverAnException(@ForAll @Size(max = 200) String text) {
        assertThat(codec.open(text, keys)).isInstanceOf(OpenedToken.Refused.class);
        byte[] decoded = TokenText.decode(text);
        if (decoded != null) {
            assertThat(codec.openBytes(decoded, keys)).isInstanceOf(OpenedToken.Refused.class);
        }
    }
}
