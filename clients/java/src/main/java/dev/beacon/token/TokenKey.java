package dev.beacon.token;

import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;

/**
 * A zone's 256-bit token key and the key id that names it in every token it seals.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the secret.
 */
public final class TokenKey {

    public static final int KEY_BYTES = 32;

    private final int id;
    private final SecretKeySpec spec;

    public TokenKey(int id, byte[] secret) {
        if (id < 0 || id > 255) {
            throw new IllegalArgumentException("key id must be 0..255, not " + id);
        }
        if (secret == null || secret.length != KEY_BYTES) {
            throw new IllegalArgumentException("key must be exactly 32 bytes (base64 of 32 random bytes)");
        }
        this.id = id;
        this.spec = new SecretKeySpec(secret, "AES");
    }

    /**
     * Reads a key from its base64 text (standard alphabet, as {@code beacon keygen} prints it).
     *
     * @throws IllegalArgumentException when the text is not base64 of exactly 32 bytes
     */
    public static TokenKey fromBase64(int id, String base64) {
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key is not base64", e);
        }
        return new TokenKey(id, secret);
    }

    public int id() {
        return id;
    }

    SecretKeySpec spec() {
        return spec;
    }

    @Override
    public String toString() {
        return "TokenKey[id=" + id + "]";
    }
}
