package dev.beacon.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.store.AdminToken;
import dev.beacon.testing.AdminClient;
import dev.beacon.testing.Postgres;
import dev.beacon.testing.SelfSignedCert;
import dev.beacon.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-device static secrets for third-party clients: issued and revoked per device by an
 * operator, stored hashed, good for the dialects' updates only, and, where the zone asks,
 * over TLS only.
 */
class DeviceSecretIT {

    private static final String CAM = "00:11:22:33:44:55";
    private static final String OTHER = "00:11:22:33:44:66";

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private AdminClient admin;

    @Test
    void anIssuedSecretUpdatesTheDevicesNameOverDyndns2() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            beacon.add(CAM, "cam1", "myip=198.51.100.1");
            String secret = issue(beacon, CAM);
            assertThat(secret).startsWith("bks_").hasSize(47);
            assertThat(nic(beacon.base(), "cam1.ddns.test", "203.0.113.5", secret).body()).isEqualTo("good 203.0.113.5");
            assertThat(beacon.ipcheck(CAM)).isEqualTo("14|203.0.113.5");
        }
    }

    @Test
    void h10ASecretMovesOnlyItsOwnDevicesNames() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            beacon.add(CAM, "cam1", "myip=198.51.100.1");
            beacon.add(OTHER, "cam2", "myip=198.51.100.2");
            String secret = issue(beacon, CAM);
            assertThat(nic(beacon.base(), "cam2.ddns.test", "203.0.113.5", secret).body()).isEqualTo("nohost");
        }
    }

    @Test
    void h10ASecretIsRefusedOnEveryNativeEndpoint() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            beacon.add(CAM, "cam1", "myip=198.51.100.1");
            String secret = issue(beacon, CAM);
            assertThat(beacon.get("/update.aspx?mac=" + secret + "&myip=203.0.113.5").body()).isEqualTo("02");
            assertThat(beacon.get("/add.aspx?mac=" + secret + "&dm=grab").body()).isEqualTo("02");
            assertThat(beacon.get("/remove.aspx?mac=" + secret).body()).isEqualTo("02");
            assertThat(beacon.get("/ipcheck.aspx?mac=" + secret).body()).isEqualTo("02");
            assertThat(beacon.ipcheck(CAM)).as("the name stayed where it was").isEqualTo("14|198.51.100.1");
        }
    }

    @Test
    void h10ARevokedSecretGetsBadauth() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            beacon.add(CAM, "cam1", "myip=198.51.100.1");
            String secret = issue(beacon, CAM);
            AdminClient.Reply revoked = admin(beacon).post("/api/v1/devices/" + CAM + "/revoke-secret");
            assertThat(revoked.json().path("revoked").asBoolean()).isTrue();
            HttpResponse<String> after = nic(beacon.base(), "cam1.ddns.test", "203.0.113.5", secret);
            assertThat(after.body()).isEqualTo("badauth");
            assertThat(after.statusCode()).isEqualTo(401);
        }
    }

    @Test
    void h10ANewSecretReplacesTheOld() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            beacon.add(CAM, "cam1", "myip=198.51.100.1");
            String old = issue(beacon, CAM);
            String fresh = issue(beacon, CAM);
            assertThat(nic(beacon.base(), "cam1.ddns.test", "203.0.113.5", old).body()).isEqualTo("badauth");
            assertThat(nic(beacon.base(), "cam1.ddns.test", "203.0.113.5", fresh).body()).isEqualTo("good 203.0.113.5");
        }
    }

    @Test
    void aSecretOutlivesARestartAndOnlyItsHashIsStored() throws Exception {
        String secret;
        try (TestServer beacon = TestServer.in(dir).start()) {
            beacon.add(CAM, "cam1", "myip=198.51.100.1");
            secret = issue(beacon, CAM);
        }
        byte[] database = Files.readAllBytes(dir.resolve("data/beacon.db"));
        String text = new String(database, StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain(secret.substring(4)).contains(DeviceSecret.hash(secret));
        try (TestServer beacon = TestServer.in(dir).start()) {
            assertThat(nic(beacon.base(), "cam1.ddns.test", "203.0.113.9", secret).body()).isEqualTo("good 203.0.113.9");
        }
    }

    @Test
    void theDevicesHistoryShowsTheSecretIssuedAndRevokedByWhom() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            beacon.add(CAM, "cam1", "myip=198.51.100.1");
            AdminClient admin = admin(beacon);
            admin.post("/api/v1/devices/" + CAM + "/secret");
            admin.post("/api/v1/devices/" + CAM + "/revoke-secret");
            String history = admin.get("/api/v1/devices/" + CAM).json().path("history").toString();
            assertThat(history).contains("\"change\":\"secret-revoked\"", "\"change\":\"secret-set\"", "admin alice");
        }
    }

    @Test
    void h11WhereTheZoneAsksForTlsASecretOverPlainHttpGetsBadauthAndOverHttpsWorks() throws Exception {
        SelfSignedCert tls = SelfSignedCert.in(dir);
        try (TestServer beacon = TestServer.in(dir.resolve("beacon")).policy("{static-https-only: true}")
                .https(tls.certificate(), tls.privateKey()).start()) {
            beacon.add(CAM, "cam1", "myip=198.51.100.1");
            String secret = issue(beacon, CAM);
            assertThat(nic(beacon.base(), "cam1.ddns.test", "203.0.113.5", secret).body()).isEqualTo("badauth");
            HttpClient https = HttpClient.newBuilder().sslContext(tls.trustingContext())
                    .version(HttpClient.Version.HTTP_1_1).build();
            URI secure = URI.create("https://127.0.0.1:" + beacon.server().httpsAddress().getPort());
            assertThat(send(https, secure, "cam1.ddns.test", "203.0.113.5", secret).body()).isEqualTo("good 203.0.113.5");
        }
    }

    @Test
    void h11WhereTheZoneAsksForTlsAVersion1StaticTokenOverPlainHttpIsRefused() throws Exception {
        try (TestServer beacon = TestServer.in(dir).policy("{allow-static-tokens: true, static-https-only: true}").start()) {
            beacon.add(CAM, "cam1", "myip=198.51.100.1");
            assertThat(nic(beacon.base(), "cam1.ddns.test", "203.0.113.5", beacon.staticToken(CAM)).body())
                    .isEqualTo("badauth");
            assertThat(beacon.get("/update.aspx?mac=" + beacon.staticToken(CAM) + "&myip=203.0.113.5").body())
                    .isEqualTo("02");
        }
    }

    @Test
    void aSecretIssuedOnOneNodeWorksOnTheOtherAndItsRevocationHoldsThereToo() throws Exception {
        String url = Postgres.freshSchemaUrl();
        try (TestServer a = TestServer.in(dir.resolve("a")).db(url).start();
                TestServer b = TestServer.in(dir.resolve("b")).db(url).start()) {
            a.add(CAM, "cam1", "myip=198.51.100.1");
            String secret = issue(a, CAM);
            assertThat(eventually(b, secret, "good 203.0.113.5")).isEqualTo("good 203.0.113.5");

            admin(a).post("/api/v1/devices/" + CAM + "/revoke-secret");
            assertThat(eventually(b, secret, "badauth")).isEqualTo("badauth");
        } finally {
            Postgres.dropSchema(url);
        }
    }

    /** Node b's answer to a dyndns2 update with this secret, once it is {@code wanted} or 5 s have passed. */
    private String eventually(TestServer b, String secret, String wanted) throws Exception {
        long deadline = System.currentTimeMillis() + 5000;
        String answer = nic(b.base(), "cam1.ddns.test", "203.0.113.5", secret).body();
        while (!answer.equals(wanted) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            answer = nic(b.base(), "cam1.ddns.test", "203.0.113.5", secret).body();
        }
        return answer;
    }

    @Test
    void aReadTokenCannotIssueASecret() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            beacon.add(CAM, "cam1", "myip=198.51.100.1");
            AdminClient reader = AdminClient.withNewToken(beacon.server(), "viewer", AdminToken.Scope.READ);
            assertThat(reader.post("/api/v1/devices/" + CAM + "/secret").status()).isEqualTo(403);
        }
    }

    private String issue(TestServer beacon, String device) throws Exception {
        AdminClient.Reply reply = admin(beacon).post("/api/v1/devices/" + device + "/secret");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().path("secret").asText();
    }

    /** A write client, its token made once per test (admin token names are unique). */
    private AdminClient admin(TestServer beacon) throws Exception {
        if (admin == null) {
            admin = AdminClient.withNewToken(beacon.server(), "alice", AdminToken.Scope.WRITE);
        }
        return admin;
    }

    private HttpResponse<String> nic(URI base, String host, String ip, String password) throws Exception {
        return send(http, base, host, ip, password);
    }

    private static HttpResponse<String> send(HttpClient client, URI base, String host, String ip, String password)
            throws Exception {
        return client.send(HttpRequest.newBuilder(base.resolve("/nic/update?hostname=" + host + "&myip=" + ip))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("router:" + password)
                        .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    }
}
