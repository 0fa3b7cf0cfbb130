package dev.beacon.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A device's static secret: the password a third-party client (ddclient, inadyn, a router's
 * DynDNS page) sends where it cannot mint tokens. 256 random bits, issued per device by an
 * operator, shown once; the server keeps only its SHA-256 (a random 256-bit value needs no salt or
 * slow hash: there is nothing to guess). Good only for the dialects' updates, never to add or
 * remove names. Stateless.
 */
public final class DeviceSecret {

    /** Every secret starts so, which tells it from a token (base64 has no underscore). */
    public static final String PREFIX = "bks_";
    private static final int BYTES = 32;
    private static final int LENGTH = PREFIX.length() + 43;

    private DeviceSecret() {
    }

    /** A new secret. */
    public static String generate(SecureRandom random) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether a presented credential is a device secret's shape (not whether it is valid). */
    public static boolean looksLike(String credential) {
        return credential != null && credential.length() == LENGTH && credential.startsWith(PREFIX);
    }

    /** The SHA-256 of a secret, hex: what is stored and looked up (per thread: a digest is not thread-safe). */
    public static String hash(String secret) {
        return HexFormat.of().formatHex(SHA256.get().digest(secret.getBytes(StandardCharsets.US_ASCII)));
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    });
}
