package dev.beacon.auth;

import dev.beacon.token.DeviceId;
import dev.beacon.token.SignedRequest;
import dev.beacon.token.TokenCodec;
import dev.beacon.token.TokenKey;
import dev.beacon.token.TokenText;
import dev.beacon.token.TokenV2;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

/** The genuine tokens the token fuzz tests tamper with, and the tampering. */
final class TamperedTokens {

    static final TokenKey KEY = TokenKey.fromBase64(1, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
    static final DeviceId DEVICE = DeviceId.parse("00:11:22:33:44:55");
    static final TokenCodec CODEC = new TokenCodec(new SecureRandom());
    static final byte[] VERSION1 = TokenText.decode(CODEC.mint(KEY, DEVICE, 1_700_000_000L));
    static final byte[] DEVICE_KEY = TokenV2.deviceKey(KEY, DEVICE, 1);
    static final SignedRequest REQUEST = new SignedRequest("update",
            List.of(Map.entry("myip", "203.0.113.5"), Map.entry("port", "8080")));
    static final byte[] VERSION2 = TokenText.decode(TokenV2.mint(DEVICE_KEY, 1, 1, 42, DEVICE, REQUEST));

    private TamperedTokens() {
    }

    /** The token with bytes changed as the input's pairs (position, xor) say; it may stay unchanged. */
    static byte[] tamper(byte[] token, byte[] data) {
        byte[] out = token.clone();
        for (int i = 1; i + 1 < data.length; i += 2) {
            out[(data[i] & 0xFF) % out.length] ^= data[i + 1];
        }
        return out;
    }
}
