package dev.beacon.http;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * The HTTPS listener's certificate chain and private key, checked before anything else starts:
 * both files readable, PEM, the key in PKCS#8 form, and the key the one the certificate was issued
 * for (a mismatched pair would be accepted by the TLS library and then fail every handshake with
 * nothing logged). Each problem is one line saying what is wrong and how to fix it.
 */
public final class TlsIdentity {

    /** Why a certificate and key cannot be used. */
    public static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;

        Unusable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final String PKCS8_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PKCS8_END = "-----END PRIVATE KEY-----";

    private TlsIdentity() {
    }

    /** Checks the pair and builds the server's TLS context from it. */
    public static SslContext load(Path certFile, Path keyFile) throws Unusable {
        List<X509Certificate> chain = certificates(certFile);
        PrivateKey key = privateKey(keyFile);
        if (!matches(key, chain.get(0).getPublicKey())) {
            throw new Unusable("tls: the key in " + keyFile + " does not belong to the certificate in " + certFile
                    + " (" + chain.get(0).getSubjectX500Principal().getName() + "); give the key the certificate was issued for",
                    null);
        }
        try {
            return SslContextBuilder.forServer(key, chain).build();
        } catch (IOException | RuntimeException e) {
            throw new Unusable("tls: cannot use " + certFile + " and " + keyFile + ": " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> certificates(Path file) throws Unusable {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends java.security.cert.Certificate> read =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            List<X509Certificate> out = new ArrayList<>();
            for (java.security.cert.Certificate c : read) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new Unusable("tls.cert: " + file + " holds no certificate (expected PEM, \"BEGIN CERTIFICATE\")", null);
            }
            return out;
        } catch (NoSuchFileException e) {
            throw new Unusable("tls.cert: " + file + " does not exist", e);
        } catch (IOException e) {
            throw new Unusable("tls.cert: cannot read " + file + ": " + e.getMessage(), e);
        } catch (CertificateException e) {
            throw new Unusable("tls.cert: " + file + " is not a PEM certificate chain (\"BEGIN CERTIFICATE\"): "
                    + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path file) throws Unusable {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new Unusable("tls.key: " + file + " does not exist", e);
        } catch (IOException e) {
            throw new Unusable("tls.key: cannot read " + file + ": " + e.getMessage(), e);
        }
        String convert = "; convert it with: openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem";
        if (text.contains("BEGIN RSA PRIVATE KEY") || text.contains("BEGIN EC PRIVATE KEY")) {
            throw new Unusable("tls.key: " + file + " is a PKCS#1/SEC1 key, not PKCS#8 (\"BEGIN PRIVATE KEY\")" + convert, null);
        }
        if (text.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            throw new Unusable("tls.key: " + file + " is encrypted; Beacon needs an unencrypted PKCS#8 key"
                    + " readable by its user only" + convert, null);
        }
        int begin = text.indexOf(PKCS8_BEGIN);
        int end = text.indexOf(PKCS8_END);
        if (begin < 0 || end < begin) {
            throw new Unusable("tls.key: " + file + " is not a PEM private key (expected \"BEGIN PRIVATE KEY\")", null);
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(begin + PKCS8_BEGIN.length(), end));
        } catch (IllegalArgumentException e) {
            throw new Unusable("tls.key: " + file + " has a damaged PEM body: " + e.getMessage(), e);
        }
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // Not this algorithm; try the next.
            }
        }
        throw new Unusable("tls.key: " + file + " is not an RSA, EC or EdDSA private key", null);
    }

    /** True when a signature made with {@code key} verifies with {@code certified}. */
    private static boolean matches(PrivateKey key, PublicKey certified) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        if (!key.getAlgorithm().equals(certified.getAlgorithm())) {
            return false;
        }
        try {
            byte[] probe = "beacon tls identity check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certified);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
