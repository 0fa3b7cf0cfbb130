package dev.beacon.testing;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A certificate and PKCS#8 key for 127.0.0.1, made by openssl as an operator would make them. */
public record SelfSignedCert(Path certificate, Path privateKey) {

    public static SelfSignedCert in(Path dir) throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "2",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1").redirectErrorStream(true).start();
        if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
            throw new IllegalStateException("openssl failed: " + new String(openssl.getInputStream().readAllBytes()));
        }
        return new SelfSignedCert(cert, key);
    }

    /** A TLS context that trusts this certificate alone, for a client of the server it serves. */
    public javax.net.ssl.SSLContext trustingContext() throws Exception {
        return trusting(certificate);
    }

    /** A TLS context that trusts the PEM certificate in this file alone. */
    public static javax.net.ssl.SSLContext trusting(Path certPem) throws Exception {
        java.security.KeyStore store = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
        store.load(null, null);
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(certPem)) {
            store.setCertificateEntry("beacon",
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
