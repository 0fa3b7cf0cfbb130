package dev.beacon.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.SelfSignedCert;
import dev.beacon.testing.TestServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device API over HTTPS with a PEM certificate and key made by openssl, as operators make them. */
class HttpsIT {

    @TempDir
    Path dir;

    @Test
    void deviceApiAnswersOverHttpsWithTheConfiguredCertificate() throws Exception {
        SelfSignedCert tls = SelfSignedCert.in(dir);
        Path cert = tls.certificate();
        Path key = tls.privateKey();
        try (TestServer beacon = TestServer.in(dir.resolve("beacon")).https(cert, key).start()) {
            int port = beacon.server().httpsAddress().getPort();
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(cert)).version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> detect = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port
                    + "/ipdetect.aspx")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(detect.body()).isEqualTo("127.0.0.1");
            HttpResponse<String> add = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port
                    + "/add.aspx?mac=" + beacon.token("SN-TLS") + "&dm=secure")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(add.body()).isEqualTo("10|secure.ddns.test");
        }
    }

    private static SSLContext trusting(Path certPem) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(certPem)) {
            store.setCertificateEntry("beacon", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
