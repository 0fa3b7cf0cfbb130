package dev.beacon.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An event's signature: HMAC-SHA256 with the hook's secret over {@code TIMESTAMP.BODY}, hex, sent
 * as {@code X-Beacon-Signature: sha256=HEX} beside {@code X-Beacon-Timestamp: TIMESTAMP} (Unix
 * seconds). Signing the time with the body lets a receiver refuse a captured event replayed later.
 */
public final class WebhookSignature {

    private WebhookSignature() {
    }

    /** The header value for this body sent at {@code timestamp}. */
    public static String sign(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] tag = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}
