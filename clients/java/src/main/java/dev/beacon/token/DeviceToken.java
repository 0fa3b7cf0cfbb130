package dev.beacon.token;

import java.util.Arrays;

/**
 * The content of a successfully opened token: who sealed it, when, and for which device.
 *
 * @param version the layout version byte (1)
 * @param keyId the key id from byte 1, which selects the zone
 * @param nonce the 12-byte GCM nonce, unique per minted token; the replay cache keys on it
 * @param issuedAt unix seconds when the token was minted; 0 marks a static token
 * @param deviceId the normalised device identity
 */
public record DeviceToken(int version, int keyId, byte[] nonce, long issuedAt, DeviceId deviceId) {

    public DeviceToken {
        nonce = nonce.clone();
    }

    /** Static tokens never expire and are accepted only where the zone allows them. */
    public boolean isStatic() {
        return issuedAt == 0;
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    /** A 64-bit digest of the nonce, enough to tell tokens apart in a replay cache. */
    public long nonceDigest() {
        return nonceDigest(nonce);
    }

    /** The replay cache's 64-bit key of a 12-byte nonce. */
    public static long nonceDigest(byte[] nonce) {
        long hi = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (nonce[i] & 0xFF);
        }
        long lo = 0;
        for (int i = 8; i < 12; i++) {
            lo = (lo << 8) | (nonce[i] & 0xFF);
        }
        // Mix the last four bytes in with a multiplier so that nonces differing only there differ
        // in many bits of the digest.
        return hi ^ (lo * 0x9E3779B97F4A7C15L);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceToken t && t.version == version && t.keyId == keyId
                && Arrays.equals(t.nonce, nonce) && t.issuedAt == issuedAt && t.deviceId.equals(deviceId);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(nonce) * 31 + deviceId.hashCode();
    }

    @Override
    public String toString() {
        return "DeviceToken[v" + version + ", kid=" + keyId + ", issuedAt=" + issuedAt + ", device=" + deviceId + "]";
    }
}
