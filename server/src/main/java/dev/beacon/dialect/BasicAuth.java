package dev.beacon.dialect;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The password of an HTTP Basic {@code Authorization} header (RFC 7617). Stateless. */
final class BasicAuth {

    private BasicAuth() {
    }

    /** The password, or null when the header is missing or not well-formed Basic credentials. */
    static String password(String authorization) {
        if (authorization == null || authorization.length() < 6
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : decoded.substring(colon + 1);
    }
}
