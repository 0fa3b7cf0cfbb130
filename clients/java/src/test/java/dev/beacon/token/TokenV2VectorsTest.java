package dev.beacon.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Version 2 against clients/spec/token-v2-vectors.json, which an independent implementation
 * (Python's hmac and hashlib) made: device keys, canonical requests and tokens must match
 * byte for byte, and every invalid vector must fail.
 */
class TokenV2VectorsTest {

    private static final Path VECTORS = Path.of("..", "spec", "token-v2-vectors.json");

    private static JsonNode vectors() throws IOException {
        return new ObjectMapper().readTree(VECTORS.toFile());
    }

    private static TokenKey master() throws IOException {
        return TokenKey.fromBase64(1, vectors().get("master_b64").asText());
    }

    private static SignedRequest request(JsonNode v) {
        List<String> flat = new ArrayList<>();
        for (JsonNode p : v.get("params")) {
            flat.add(p.get(0).asText());
            flat.add(p.get(1).asText());
        }
        return SignedRequest.of(v.get("endpoint").asText(), flat.toArray(String[]::new));
    }

    static Stream<JsonNode> valid() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        vectors().get("valid").forEach(out::add);
        return out.stream();
    }

    static Stream<JsonNode> invalid() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        vectors().get("invalid").forEach(out::add);
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void theDeviceKeyTheCanonicalRequestAndTheTokenAreTheVectors(JsonNode v) throws IOException {
        DeviceId device = DeviceId.parse(v.get("device_id").asText());
        byte[] key = TokenV2.deviceKey(master(), device, v.get("generation").asLong());
        SignedRequest request = request(v);

        assertThat(HexFormat.of().formatHex(key)).isEqualTo(v.get("device_key_hex").asText());
        assertThat(HexFormat.of().formatHex(request.canonical())).isEqualTo(v.get("canonical_hex").asText());
        assertThat(TokenV2.mint(key, v.get("master_id").asInt(), v.get("generation").asLong(), v.get("counter").asLong(),
                device, request)).isEqualTo(v.get("token").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void aValidVectorParsesAndVerifies(JsonNode v) throws IOException {
        TokenV2.Parsed parsed = TokenV2.parse(TokenText.decode(v.get("token").asText()));

        assertThat(parsed).isNotNull();
        assertThat(parsed.device().value()).isEqualTo(v.get("device_id").asText());
        assertThat(parsed.counter()).isEqualTo(v.get("counter").asLong());
        assertThat(parsed.verifies(TokenV2.deviceKey(master(), parsed.device(), parsed.generation()), request(v))).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void anInvalidVectorIsRefused(JsonNode v) throws IOException {
        byte[] raw = TokenText.decode(v.get("token").asText());
        TokenV2.Parsed parsed = raw == null ? null : TokenV2.parse(raw);

        if (parsed != null) {
            byte[] key = TokenV2.deviceKey(master(), parsed.device(), parsed.generation());
            assertThat(parsed.verifies(key, request(v))).as(v.get("name").asText()).isFalse();
        }
    }
}
