package dev.beacon.token;

import java.util.Arrays;

/**
 * A device's own version 2 key, as {@code beacon provision} gives it: the master key id it derives
 * from, its generation, and the 32 secret bytes. {@link #toString()} never shows the secret.
 *
 * @param masterId the master key id, 0..255
 * @param generation the key's generation
 * @param secret the key
 */
public record DeviceKey(int masterId, long generation, byte[] secret) {

    public DeviceKey {
        if (masterId < 0 || masterId > 255) {
            throw new IllegalArgumentException("master id must be 0..255");
        }
        if (generation < 0 || generation > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("generation must be 0..4294967295");
        }
        if (secret == null || secret.length != TokenKey.KEY_BYTES) {
            throw new IllegalArgumentException("a device key is 32 bytes");
        }
        secret = secret.clone();
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceKey k && k.masterId == masterId && k.generation == generation
                && Arrays.equals(k.secret, secret);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * masterId + Long.hashCode(generation)) + Arrays.hashCode(secret);
    }

    @Override
    public String toString() {
        return "DeviceKey[master=" + masterId + ", generation=" + generation + "]";
    }
}
