package dev.beacon.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.beacon.store.AdminToken;
import dev.beacon.testing.AdminClient;
import dev.beacon.testing.Dig;
import dev.beacon.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** acme-dns's POST /update over real HTTP, with the account the operator issues, seen by dig. */
class AcmeDnsIT {

    private static final String CAM = "SN-ACME";
    private static final String VALUE = "LHDhK3oGRvkiefQnx7OOczTY5Tic_xZ6HcMOc_gmtoM";

    @TempDir
    Path dir;
    TestServer beacon;
    JsonNode account;

    @BeforeEach
    void start() throws Exception {
        beacon = TestServer.in(dir).policy("{max-names-per-device: 2}").start();
        assertThat(beacon.add(CAM, "cam1", "myip=198.51.100.7")).isEqualTo("10|cam1.ddns.test");
        assertThat(beacon.add("SN-OTHER", "other", "myip=198.51.100.8")).isEqualTo("10|other.ddns.test");
        AdminClient admin = AdminClient.withNewToken(beacon.server(), "acme", AdminToken.Scope.WRITE);
        AdminClient.Reply reply = admin.post("/api/v1/devices/" + CAM + "/acme-dns");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        account = reply.json();
    }

    @AfterEach
    void stop() {
        beacon.close();
    }

    private HttpResponse<String> update(String user, String key, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(beacon.base() + "/update"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            r.header("X-Api-User", user);
        }
        if (key != null) {
            r.header("X-Api-Key", key);
        }
        return beacon.client().send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String body(String subdomain, String txt) {
        return new ObjectMapper().createObjectNode().put("subdomain", subdomain).put("txt", txt).toString();
    }

    @Test
    void theOperatorIssuesAnAccountInAcmeDnsForm() {
        assertThat(account.path("username").asText()).isEqualTo(CAM);
        assertThat(account.path("password").asText()).hasSizeGreaterThan(20);
        assertThat(account.path("subdomain").asText()).isEqualTo("cam1");
        assertThat(account.path("fulldomain").asText()).isEqualTo("cam1.ddns.test");
        assertThat(account.path("allowfrom").isArray()).isTrue();
    }

    @Test
    void anUpdateSetsTheChallengeDnsAnswers() throws Exception {
        HttpResponse<String> r = update(CAM, account.path("password").asText(), body("cam1", VALUE));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(new ObjectMapper().readTree(r.body()).path("txt").asText()).isEqualTo(VALUE);
        assertThat(Dig.ask(beacon.dnsPort(), "_acme-challenge.cam1.ddns.test", "TXT").answer())
                .containsExactly("_acme-challenge.cam1.ddns.test. 60 IN TXT \"" + VALUE + "\"");
    }

    @Test
    void theNewestTwoValuesAreKeptAsAcmeDnsKeepsThem() throws Exception {
        String key = account.path("password").asText();
        for (String v : new String[] {"first-" + VALUE, "second-" + VALUE, "third-" + VALUE}) {
            assertThat(update(CAM, key, body("cam1", v)).statusCode()).isEqualTo(200);
        }

        assertThat(Dig.ask(beacon.dnsPort(), "_acme-challenge.cam1.ddns.test", "TXT").answer()).hasSize(2)
                .noneMatch(l -> l.contains("first-"));
    }

    @Test
    void aWrongKeyAnotherDevicesUserOrANameNotHeldIsForbiddenAndChangesNothing() throws Exception {
        String key = account.path("password").asText();

        assertThat(update(CAM, "not-the-key", body("cam1", VALUE)).statusCode()).isEqualTo(401);
        assertThat(update("SN-OTHER", key, body("cam1", VALUE)).statusCode()).isEqualTo(401);
        assertThat(update(CAM, key, body("other", VALUE)).statusCode()).isEqualTo(401);
        assertThat(update(CAM, null, body("cam1", VALUE)).body()).isEqualTo("{\"error\":\"forbidden\"}");

        assertThat(Dig.ask(beacon.dnsPort(), "_acme-challenge.other.ddns.test", "TXT").status()).isEqualTo("NXDOMAIN");
        assertThat(Dig.ask(beacon.dnsPort(), "_acme-challenge.cam1.ddns.test", "TXT").status()).isEqualTo("NXDOMAIN");
    }

    @Test
    void malformedBodiesAndValuesAre400() throws Exception {
        String key = account.path("password").asText();

        assertThat(update(CAM, key, "{not json").body()).isEqualTo("{\"error\":\"malformed_json_payload\"}");
        assertThat(update(CAM, key, "{\"subdomain\": \"cam1\"}").statusCode()).isEqualTo(400);
        assertThat(update(CAM, key, body("cam1", "a\u0001b")).body()).isEqualTo("{\"error\":\"bad_txt\"}");
    }

    @Test
    void theAccountIsIssuedOnlyOnTheOperatorSide() throws Exception {
        HttpResponse<String> open = beacon.client().send(HttpRequest.newBuilder(URI.create(beacon.base() + "/register"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(open.statusCode()).isEqualTo(404);
    }

    @Test
    void theAccountsKeyIsTheDevicesSecretReplacingTheOldOneWithItsPower() throws Exception {
        String old = beacon.deviceSecret(CAM);
        JsonNode fresh = AdminClient.withNewToken(beacon.server(), "acme2", AdminToken.Scope.WRITE)
                .post("/api/v1/devices/" + CAM + "/acme-dns").json();

        assertThat(beacon.get("/update?domains=cam1&token=" + old + "&ip=198.51.100.9").body()).isEqualTo("KO");
        assertThat(beacon.get("/update?domains=cam1&token=" + fresh.path("password").asText() + "&ip=198.51.100.9").body())
                .isEqualTo("OK");
        assertThat(Dig.ask(beacon.dnsPort(), "cam1.ddns.test", "A").answer())
                .containsExactly("cam1.ddns.test. 60 IN A 198.51.100.9");
    }

    @Test
    void aFloodingClientHears429WithRetryAfter() throws Exception {
        try (TestServer flooded = TestServer.in(dir.resolve("flooded")).policy("{max-names-per-device: 2}")
                .flood("{device: {burst: 2, per-second: 0.01}, address: {burst: 100000, per-second: 100000}}").start()) {
            flooded.add(CAM, "cam1", "myip=198.51.100.7");
            String key = flooded.deviceSecret(CAM);
            HttpResponse<String> last = null;
            for (int i = 0; i < 5; i++) {
                HttpRequest r = HttpRequest.newBuilder(URI.create(flooded.base() + "/update"))
                        .header("Content-Type", "application/json").header("X-Api-User", CAM).header("X-Api-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString(body("cam1", "v" + i + VALUE))).build();
                last = flooded.client().send(r, HttpResponse.BodyHandlers.ofString());
            }

            assertThat(last.statusCode()).isEqualTo(429);
            assertThat(last.body()).isEqualTo("{\"error\":\"too_many_requests\"}");
            assertThat(last.headers().firstValue("Retry-After")).isPresent();
        }
    }

    @Test
    void aStorageFailureIs503WithRetryAfterAndSetsNothing() throws Exception {
        try (Connection blocker = DriverManager.getConnection("jdbc:sqlite:" + beacon.dataDir().resolve("beacon.db"));
                Statement s = blocker.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
            HttpResponse<String> r = update(CAM, account.path("password").asText(), body("cam1", VALUE));
            s.execute("ROLLBACK");

            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).isEqualTo("{\"error\":\"server_error\"}");
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
        }
        assertThat(Dig.ask(beacon.dnsPort(), "_acme-challenge.cam1.ddns.test", "TXT").status()).isEqualTo("NXDOMAIN");
    }

    @Test
    void duckDnsStillOwnsUpdateWithoutTheHeaders() throws Exception {
        String secret = beacon.deviceSecret(CAM);

        assertThat(beacon.get("/update?domains=cam1&token=" + secret + "&ip=198.51.100.9").body()).isEqualTo("OK");
    }
}
