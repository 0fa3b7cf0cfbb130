package dev.beacon.auth;

import static dev.beacon.auth.TamperedTokens.KEY;
import static dev.beacon.auth.TamperedTokens.REQUEST;
import static dev.beacon.auth.TamperedTokens.VERSION2;
import static dev.beacon.auth.TamperedTokens.tamper;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.beacon.token.SignedRequest;
import dev.beacon.token.TokenV2;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The version 2 codec on bytes an attacker controls: any bytes, or the genuine token with bytes
 * changed (the first input byte's low bit picks), checked against the request it signed or
 * another (the next bit). Nothing throws; only the genuine token, unchanged, verifies, and only
 * for its own request. The suite runs the seeds in {@code TokenV2FuzzTestInputs};
 * {@code bench/fuzz.sh} fuzzes it.
 */
class TokenV2FuzzTest {

    @FuzzTest(maxDuration = "60m", maxExecutions = 10_000_000)
    void version2VerifiesOnlyTheGenuineTokenForItsOwnRequest(byte[] data) {
        if (data.length == 0) {
            return;
        }
        boolean arbitrary = (data[0] & 1) == 0;
        byte[] raw = arbitrary ? Arrays.copyOfRange(data, 1, data.length) : tamper(VERSION2, data);
        SignedRequest request = (data[0] & 2) == 0 ? REQUEST : new SignedRequest("update",
                List.of(Map.entry("myip", new String(data, StandardCharsets.ISO_8859_1))));
        TokenV2.Parsed parsed = TokenV2.parse(raw);
        if (parsed != null && parsed.verifies(TokenV2.deviceKey(KEY, parsed.device(), parsed.generation()), request)) {
            assertThat(raw).isEqualTo(VERSION2);
            assertThat(request).isEqualTo(REQUEST);
        }
    }
}
