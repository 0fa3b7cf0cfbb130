package dev.beacon.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Admin bearer tokens: 256 random bits, shown once, stored only as their SHA-256. A fast hash is
 * enough here: the token is random, not a password, so there is nothing to guess offline.
 */
public final class AdminTokenHash {

    /** Every admin token starts so, which makes one easy to spot in a leak scanner or a log. */
    public static final String PREFIX = "beacon_";

    private AdminTokenHash() {
    }

    /** A new token. */
    public static String newToken(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The stored form of a token: SHA-256, lower-case hex. */
    public static String of(String token) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
