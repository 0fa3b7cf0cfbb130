package dev.beacon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beacon.server.StartupException;
import dev.beacon.testing.LogCapture;
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
            HttpClient client = HttpClient.newBuilder().sslContext(SelfSignedCert.trusting(cert)).version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> detect = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port
                    + "/ipdetect.aspx")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(detect.body()).isEqualTo("127.0.0.1");
            HttpResponse<String> add = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port
                    + "/add.aspx?mac=" + beacon.token("SN-TLS") + "&dm=secure")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(add.body()).isEqualTo("10|secure.ddns.test");
        }
    }

    @Test
    void aFailedHandshakeIsLogged() throws Exception {
        SelfSignedCert tls = SelfSignedCert.in(dir);
        try (TestServer beacon = TestServer.in(dir.resolve("beacon")).https(tls.certificate(), tls.privateKey()).start();
                LogCapture log = LogCapture.of(HttpServer.class);
                java.net.Socket plain = new java.net.Socket("127.0.0.1", beacon.server().httpsAddress().getPort())) {
            plain.getOutputStream().write("GET /ipdetect.aspx HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            assertThat(log.await("TLS handshake with /127.0.0.1:")).contains("failed");
        }
    }

    @Test
    void aKeyThatDoesNotBelongToTheCertificateStopsStartUpBeforeTheDatabase() throws Exception {
        SelfSignedCert one = SelfSignedCert.in(Files.createDirectories(dir.resolve("one")));
        SelfSignedCert other = SelfSignedCert.in(Files.createDirectories(dir.resolve("other")));
        TestServer.Builder beacon = TestServer.in(dir.resolve("beacon")).https(one.certificate(), other.privateKey());
        assertThatThrownBy(beacon::start).isInstanceOf(StartupException.class)
                .hasMessageStartingWith("tls: the key in " + other.privateKey())
                .hasMessageContaining("does not belong to the certificate in " + one.certificate());
        assertThat(dir.resolve("beacon/data/beacon.db")).doesNotExist();
    }

    @Test
    void aPkcs1KeyIsRefusedWithTheCommandThatConvertsIt() throws Exception {
        SelfSignedCert tls = SelfSignedCert.in(dir);
        Path rsa = dir.resolve("rsa.pem");
        Path rsaCert = dir.resolve("rsa-cert.pem");
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir.resolve("rsa8.pem").toString(),
                "-out", rsaCert.toString(), "-days", "2", "-subj", "/CN=127.0.0.1");
        run("openssl", "rsa", "-in", dir.resolve("rsa8.pem").toString(), "-traditional", "-out", rsa.toString());
        assertThat(Files.readString(rsa)).contains("BEGIN RSA PRIVATE KEY");
        TestServer.Builder beacon = TestServer.in(dir.resolve("beacon")).https(rsaCert, rsa);
        assertThatThrownBy(beacon::start).isInstanceOf(StartupException.class)
                .hasMessageContaining("not PKCS#8")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt -in " + rsa);
        assertThat(tls.certificate()).exists();
    }

    @Test
    void aCertificateFileThatIsNotPemIsNamed() throws Exception {
        SelfSignedCert tls = SelfSignedCert.in(dir);
        Path junk = dir.resolve("junk.pem");
        Files.writeString(junk, "not a certificate\n");
        TestServer.Builder beacon = TestServer.in(dir.resolve("beacon")).https(junk, tls.privateKey());
        assertThatThrownBy(beacon::start).isInstanceOf(StartupException.class)
                .hasMessageStartingWith("tls.cert: " + junk);
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }
}
