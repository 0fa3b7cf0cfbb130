package dev.beacon.token;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.function.IntFunction;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals and opens version-1 device tokens (protocol §2).
 *
 * <pre>
 * offset  size  field
 * 0       1     version = 0x01
 * 1       1     key id
 * 2       12    nonce
 * 14      n+20  AES-256-GCM(key, nonce, issued_at(u32 BE) || device id, aad = bytes 0..1), tag last
 * </pre>
 *
 * <p>Thread-safe: each thread opens with its own cached {@link Cipher}. Freshness, replay and the
 * zone's static-token policy are the verifier's business (server side); this class only answers
 * "is this a well-formed token sealed under one of these keys".
 */
public final class TokenCodec {

    public static final int VERSION_1 = 0x01;
    /** Reserved for per-device keys derived from a vendor master key; not yet accepted. */
    public static final int VERSION_2 = 0x02;

    static final int HEADER = 2;
    static final int NONCE = 12;
    static final int TAG = 16;
    static final int ISSUED_AT = 4;
    static final int MIN_BYTES = HEADER + NONCE + ISSUED_AT + 1 + TAG;
    static final int MAX_BYTES = HEADER + NONCE + ISSUED_AT + DeviceId.MAX_BYTES + TAG;

    private final SecureRandom random;
    private final ThreadLocal<Cipher> openers = ThreadLocal.withInitial(TokenCodec::newCipher);

    public TokenCodec(SecureRandom random) {
        this.random = random;
    }

    /** Mints a token with a fresh random nonce. */
    public String mint(TokenKey key, DeviceId device, long issuedAt) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        return seal(key, device, issuedAt, nonce);
    }

    /** Seals a token with the given nonce; deterministic, so test vectors can be reproduced. */
    public String seal(TokenKey key, DeviceId device, long issuedAt, byte[] nonce) {
        return TokenText.encode(sealBytes(key, device, issuedAt, nonce));
    }

    /** Like {@link #seal} but returns the binary layout before base64url. */
    public byte[] sealBytes(TokenKey key, DeviceId device, long issuedAt, byte[] nonce) {
        if (nonce.length != NONCE) {
            throw new IllegalArgumentException("nonce must be 12 bytes");
        }
        if (issuedAt < 0 || issuedAt > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("issued_at must fit in 32 unsigned bits");
        }
        byte[] id = device.utf8();
        byte[] plain = ByteBuffer.allocate(ISSUED_AT + id.length).putInt((int) issuedAt).put(id).array();
        byte[] out = new byte[HEADER + NONCE + plain.length + TAG];
        out[0] = VERSION_1;
        out[1] = (byte) key.id();
        System.arraycopy(nonce, 0, out, HEADER, NONCE);
        try {
            // A fresh Cipher per seal: the JDK refuses to re-init GCM for encryption with a
            // key and nonce it just used, which reproducing a test vector twice would do.
            Cipher cipher = newCipher();
            cipher.init(Cipher.ENCRYPT_MODE, key.spec(), new GCMParameterSpec(TAG * 8, nonce));
            cipher.updateAAD(out, 0, HEADER);
            cipher.doFinal(plain, 0, plain.length, out, HEADER + NONCE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM unavailable", e);
        }
        return out;
    }

    /**
     * Opens a token text.
     *
     * @param keys finds the key for a key id, or returns null when there is none
     */
    public OpenedToken open(CharSequence text, IntFunction<TokenKey> keys) {
        byte[] raw = TokenText.decode(text);
        if (raw == null) {
            return new OpenedToken.Refused(OpenedToken.Reason.MALFORMED);
        }
        return openBytes(raw, keys);
    }

    /** Opens the binary layout. */
    public OpenedToken openBytes(byte[] raw, IntFunction<TokenKey> keys) {
        if (raw.length < HEADER) {
            return new OpenedToken.Refused(OpenedToken.Reason.MALFORMED);
        }
        int version = raw[0] & 0xFF;
        if (version != VERSION_1) {
            // Version 2 (per-device keys, request binding) lands here until it is specified.
            return new OpenedToken.Refused(OpenedToken.Reason.UNSUPPORTED_VERSION);
        }
        return openVersion1(raw, keys);
    }

    private OpenedToken openVersion1(byte[] raw, IntFunction<TokenKey> keys) {
        if (raw.length < MIN_BYTES || raw.length > MAX_BYTES) {
            return new OpenedToken.Refused(OpenedToken.Reason.MALFORMED);
        }
        int keyId = raw[1] & 0xFF;
        TokenKey key = keys.apply(keyId);
        if (key == null) {
            return new OpenedToken.Refused(OpenedToken.Reason.UNKNOWN_KEY);
        }
        byte[] plain;
        try {
            Cipher cipher = openers.get();
            cipher.init(Cipher.DECRYPT_MODE, key.spec(), new GCMParameterSpec(TAG * 8, raw, HEADER, NONCE));
            cipher.updateAAD(raw, 0, HEADER);
            plain = cipher.doFinal(raw, HEADER + NONCE, raw.length - HEADER - NONCE);
        } catch (AEADBadTagException e) {
            return new OpenedToken.Refused(OpenedToken.Reason.BAD_TAG);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM unavailable", e);
        }
        long issuedAt = ByteBuffer.wrap(plain, 0, ISSUED_AT).getInt() & 0xFFFFFFFFL;
        String id;
        try {
            id = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(plain, ISSUED_AT, plain.length - ISSUED_AT))
                    .toString();
        } catch (CharacterCodingException e) {
            return new OpenedToken.Refused(OpenedToken.Reason.BAD_DEVICE_ID);
        }
        DeviceId device = DeviceId.parseOrNull(id);
        if (device == null) {
            return new OpenedToken.Refused(OpenedToken.Reason.BAD_DEVICE_ID);
        }
        byte[] nonce = new byte[NONCE];
        System.arraycopy(raw, HEADER, nonce, 0, NONCE);
        return new OpenedToken.Valid(new DeviceToken(version(raw), keyId, nonce, issuedAt, device));
    }

    private static int version(byte[] raw) {
        return raw[0] & 0xFF;
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM unavailable", e);
        }
    }
}
