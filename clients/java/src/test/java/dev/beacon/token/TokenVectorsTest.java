package dev.beacon.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shared vectors every implementation of protocol §2 must reproduce. */
class TokenVectorsTest {

    private final TokenCodec codec = new TokenCodec(new SecureRandom());

    record Valid(String keyBase64, int keyId, String nonceHex, long issuedAt, String deviceId,
            String base64url, String base64) {
        IntFunction<TokenKey> keys() {
            TokenKey key = TokenKey.fromBase64(keyId, keyBase64);
            return kid -> kid == keyId ? key : null;
        }

        @Override
        public String toString() {
            return deviceId + "@" + issuedAt + " kid " + keyId;
        }
    }

    record Invalid(String why, String token) {
        @Override
        public String toString() {
            return why;
        }
    }

    static Stream<Valid> validVectors() throws IOException {
        List<Valid> out = new ArrayList<>();
        for (JsonNode v : vectors().get("valid")) {
            out.add(new Valid(v.get("key_base64").asText(), v.get("key_id").asInt(), v.get("nonce_hex").asText(),
                    v.get("issued_at").asLong(), v.get("device_id").asText(), v.get("token_base64url").asText(),
                    v.get("token_base64").asText()));
        }
        return out.stream();
    }

    static Stream<Invalid> invalidVectors() throws IOException {
        List<Invalid> out = new ArrayList<>();
        for (JsonNode v : vectors().get("invalid")) {
            out.add(new Invalid(v.get("why").asText(), v.get("token").asText()));
        }
        return out.stream();
    }

    private static JsonNode vectors() throws IOException {
        try (InputStream in = TokenVectorsTest.class.getResourceAsStream("/token-vectors.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @ParameterizedTest
    @MethodSource("validVectors")
    void sealingWithTheVectorNonceReproducesTheVectorToken(Valid v) {
        TokenKey key = TokenKey.fromBase64(v.keyId(), v.keyBase64());
        String sealed = codec.seal(key, DeviceId.parse(v.deviceId()), v.issuedAt(), HexFormat.of().parseHex(v.nonceHex()));
        assertThat(sealed).isEqualTo(v.base64url());
    }

    @ParameterizedTest
    @MethodSource("validVectors")
    void base64urlFormOpensToTheVectorIdentityAndTime(Valid v) {
        assertOpens(codec.open(v.base64url(), v.keys()), v);
    }

    @ParameterizedTest
    @MethodSource("validVectors")
    void standardBase64FormOpensToo(Valid v) {
        assertOpens(codec.open(v.base64(), v.keys()), v);
    }

    @ParameterizedTest
    @MethodSource("validVectors")
    void plusSignThatArrivedAsSpaceStillOpens(Valid v) {
        assertOpens(codec.open(v.base64().replace('+', ' '), v.keys()), v);
    }

    @ParameterizedTest
    @MethodSource("invalidVectors")
    void invalidVectorsAreRefused(Invalid v) throws IOException {
        Valid first = validVectors().findFirst().orElseThrow();
        assertThat(codec.open(v.token(), first.keys())).isInstanceOf(OpenedToken.Refused.class);
    }

    private static void assertOpens(OpenedToken opened, Valid v) {
        assertThat(opened).isInstanceOf(OpenedToken.Valid.class);
        DeviceToken token = ((OpenedToken.Valid) opened).token();
        assertThat(token.deviceId().value()).isEqualTo(v.deviceId());
        assertThat(token.issuedAt()).isEqualTo(v.issuedAt());
        assertThat(token.keyId()).isEqualTo(v.keyId());
        assertThat(HexFormat.of().formatHex(token.nonce())).isEqualTo(v.nonceHex());
    }
}
