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
}
