package dev.beacon.token;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Version 2 device tokens (docs/PROTOCOL.md): each device holds only its own key, derived from
 * its zone's master key, and each token is good for one request, once. Layout:
 *
 * <pre>
 * 0       1   version = 0x02
 * 1       1   master key id
 * 2       4   key generation (uint32, big-endian)
 * 6       8   counter (uint64, big-endian): above every counter the server accepted from the device
 * 14      1   n = device id length
 * 15      n   device id (UTF-8, normalised)
 * 15+n    16  tag = HMAC-SHA256(device key, "beacon token v2" 0x00 || bytes 0..15+n-1 || request)[0..16)
 * </pre>
 *
 * A MAC, not encryption: nothing in a token is secret (the request shows the same), and a MAC has
 * no nonce to repeat. Thread-safe.
 */
public final class TokenV2 {

    public static final int VERSION = 0x02;
    public static final int TAG = 16;
    static final int FIXED = 15;
    static final byte[] TAG_LABEL = "beacon token v2\0".getBytes(StandardCharsets.US_ASCII);
    static final byte[] KEY_SALT = "beacon device key v2".getBytes(StandardCharsets.US_ASCII);

    /**
     * A token read from its bytes, its tag not yet checked.
     *
     * @param masterId the master key id
     * @param generation the device key's generation
     * @param counter the token's counter
     * @param device the device id
     */
    public record Parsed(int masterId, long generation, long counter, DeviceId device, byte[] signed, byte[] tag) {

        /** True when the tag is the one the device key makes for this request (constant time). */
        public boolean verifies(byte[] deviceKey, SignedRequest request) {
            return MessageDigest.isEqual(tag, TokenV2.tag(deviceKey, signed, request));
        }
    }

    private TokenV2() {
    }

    /**
     * The key of one device: HKDF-SHA256 (RFC 5869) with the master key as input keying material,
     * salt {@code "beacon device key v2"}, info the generation (uint32, big-endian) and the
     * normalised device id (UTF-8), 32 bytes long.
     */
    public static byte[] deviceKey(TokenKey master, DeviceId device, long generation) {
        checkGeneration(generation);
        byte[] prk = hmac(KEY_SALT, master.spec().getEncoded());
        byte[] id = device.utf8();
        ByteBuffer info = ByteBuffer.allocate(4 + id.length + 1);
        info.putInt((int) generation).put(id).put((byte) 1);
        return hmac(prk, info.array());
    }

    /** The token for one request, as text (base64url without padding). */
    public static String mint(byte[] deviceKey, int masterId, long generation, long counter, DeviceId device,
            SignedRequest request) {
        return TokenText.encode(mintBytes(deviceKey, masterId, generation, counter, device, request));
    }

    public static byte[] mintBytes(byte[] deviceKey, int masterId, long generation, long counter, DeviceId device,
            SignedRequest request) {
        if (masterId < 0 || masterId > 255) {
            throw new IllegalArgumentException("master key id must be 0..255");
        }
        checkGeneration(generation);
        if (counter < 1) {
            throw new IllegalArgumentException("counter must be at least 1");
        }
        byte[] id = device.utf8();
        ByteBuffer head = ByteBuffer.allocate(FIXED + id.length);
        head.put((byte) VERSION).put((byte) masterId).putInt((int) generation).putLong(counter).put((byte) id.length).put(id);
        byte[] signed = head.array();
        byte[] out = Arrays.copyOf(signed, signed.length + TAG);
        System.arraycopy(tag(deviceKey, signed, request), 0, out, signed.length, TAG);
        return out;
    }

    /** The token's fields, or null when the bytes are not a version 2 token. */
    public static Parsed parse(byte[] raw) {
        if (raw.length < FIXED + 1 + TAG || (raw[0] & 0xFF) != VERSION) {
            return null;
        }
        int n = raw[14] & 0xFF;
        if (n < 1 || n > DeviceId.MAX_BYTES || raw.length != FIXED + n + TAG) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(raw);
        int masterId = raw[1] & 0xFF;
        long generation = b.getInt(2) & 0xFFFFFFFFL;
        long counter = b.getLong(6);
        if (counter < 1) {
            return null;
        }
        String id;
        try {
            id = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw, FIXED, n)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        DeviceId device = DeviceId.parseOrNull(id);
        if (device == null || !device.value().equals(id)) {
            // Not normalised: the tag covers the id as sent, and the server keys by the normal form.
            return null;
        }
        return new Parsed(masterId, generation, counter, device, Arrays.copyOf(raw, FIXED + n),
                Arrays.copyOfRange(raw, FIXED + n, raw.length));
    }

    static byte[] tag(byte[] deviceKey, byte[] signed, SignedRequest request) {
        byte[] canonical = request.canonical();
        ByteBuffer message = ByteBuffer.allocate(TAG_LABEL.length + signed.length + canonical.length);
        message.put(TAG_LABEL).put(signed).put(canonical);
        return Arrays.copyOf(hmac(deviceKey, message.array()), TAG);
    }

    private static void checkGeneration(long generation) {
        if (generation < 0 || generation > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("generation must be 0..4294967295");
        }
    }

    /** One Mac per thread: a provider lookup per HMAC would cost more than the HMAC itself. */
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    });

    private static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = MACS.get();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
