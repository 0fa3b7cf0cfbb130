package dev.beacon.auth;

import static dev.beacon.auth.TamperedTokens.CODEC;
import static dev.beacon.auth.TamperedTokens.KEY;
import static dev.beacon.auth.TamperedTokens.VERSION1;
import static dev.beacon.auth.TamperedTokens.tamper;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.beacon.token.OpenedToken;
import dev.beacon.token.TokenText;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The version 1 codec on bytes an attacker controls: any bytes (first input byte even), or the
 * genuine token with bytes changed as the input's (position, xor) pairs say (odd). Nothing
 * throws; only the genuine token, unchanged, opens. The suite runs the seeds in
 * {@code TokenV1FuzzTestInputs}; {@code bench/fuzz.sh} fuzzes it.
 */
class TokenV1FuzzTest {

    @FuzzTest(maxDuration = "60m", maxExecutions = 10_000_000)
    void version1OpensOnlyTheGenuineTokenUnchanged(byte[] data) {
        if (data.length == 0) {
            return;
        }
        byte[] raw = (data[0] & 1) == 0 ? Arrays.copyOfRange(data, 1, data.length) : tamper(VERSION1, data);
        String text = TokenText.encode(raw);
        byte[] decoded = TokenText.decode(text);
        // The text form round-trips, or is refused as no token can be: empty, or too long.
        assertThat(decoded == null ? raw.length == 0 || text.length() > TokenText.MAX_CHARS : Arrays.equals(decoded, raw))
                .isTrue();
        TokenText.decode(new String(data, StandardCharsets.ISO_8859_1));
        OpenedToken opened = CODEC.openBytes(raw, id -> id == 1 ? KEY : null);
        if (opened instanceof OpenedToken.Valid) {
            assertThat(raw).isEqualTo(VERSION1);
        }
    }
}
