package dev.beacon.tsig;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A TSIG key: its name (shared with the peer, like the secret), algorithm and secret. Immutable;
 * {@link #toString()} never shows the secret.
 *
 * @param name lowercase, without trailing dot ({@code xfr-key})
 */
public record TsigKey(String name, TsigAlgorithm algorithm, byte[] secret) {

    public TsigKey {
        name = name.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        DnsName.wire(name);
        secret = secret.clone();
        if (secret.length == 0) {
            throw new IllegalArgumentException("a TSIG secret must not be empty");
        }
    }

    /** A key from its configured form: base64 secret, as {@code tsig-keygen} and {@code keymgr} print it. */
    public static TsigKey of(String name, String algorithm, String base64Secret) {
        TsigAlgorithm a = TsigAlgorithm.named(algorithm);
        if (a == null) {
            throw new IllegalArgumentException("algorithm '" + algorithm
                    + "' is not one of hmac-sha256, hmac-sha384, hmac-sha512");
        }
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(base64Secret.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the secret is not base64");
        }
        return new TsigKey(name, a, secret);
    }

    /** A copy of the secret: the key's own stays as configured. */
    @Override
    public byte[] secret() {
        return secret.clone();
    }

    /** The secret in base64, for writing a peer's configuration. */
    public String secretBase64() {
        return Base64.getEncoder().encodeToString(secret);
    }

    byte[] nameWire() {
        return DnsName.wire(name);
    }

    /** A MAC ready to digest with this key. */
    Mac newMac() {
        try {
            Mac mac = Mac.getInstance(algorithm.jcaName());
            mac.init(new SecretKeySpec(secret, algorithm.jcaName()));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm.jcaName(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TsigKey k && k.name.equals(name) && k.algorithm == algorithm
                && java.security.MessageDigest.isEqual(k.secret, secret);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + algorithm.hashCode();
    }

    @Override
    public String toString() {
        return "TsigKey[" + name + ", " + algorithm.dnsName() + "]";
    }
}
