package dev.beacon.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.Dig;
import dev.beacon.testing.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dyndns2 on /nic/update, through a real HTTP client, against the same records as the native API. */
class Dyndns2IT {

    private static final String CAM = "E0:46:9A:B8:1B:FC";

    @TempDir
    Path dir;
    TestServer beacon;
    String password;

    @BeforeEach
    void start() throws Exception {
        beacon = TestServer.in(dir).policy("{allow-static-tokens: true, max-names-per-device: 3}").start();
        password = beacon.staticToken(CAM);
        assertThat(beacon.add(CAM, "cam1", "myip=198.51.100.1")).isEqualTo("10|cam1.ddns.test");
        assertThat(beacon.body("/add.aspx?mac=" + beacon.token(CAM) + "&dm=cam2&myip=198.51.100.1"))
                .isEqualTo("10|cam2.ddns.test");
        beacon.add("SN-OTHER", "other", "myip=198.51.100.9");
    }

    @AfterEach
    void stop() {
        beacon.close();
    }

    private HttpResponse<String> nic(String query, String pass) throws Exception {
        return nic("/nic/update", query, pass);
    }

    private HttpResponse<String> nic(String path, String query, String pass) throws Exception {
        // Built literally: resolving "//nic/update" against the base would read "nic" as a host.
        HttpRequest.Builder r = HttpRequest.newBuilder(java.net.URI.create(beacon.base() + path + "?" + query))
                .header("User-Agent", TestServer.USER_AGENT);
        if (pass != null) {
            r.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("anyone:" + pass)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return beacon.client().send(r.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void changedAddressIsGoodAndTheSameAgainIsNochg() throws Exception {
        HttpResponse<String> r = nic("hostname=cam1.ddns.test&myip=203.0.113.5", password);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("good 203.0.113.5");
        assertThat(r.headers().firstValue("Connection")).hasValue("close");
        assertThat(nic("hostname=cam1.ddns.test&myip=203.0.113.5", password).body()).isEqualTo("nochg 203.0.113.5");
        assertThat(Dig.ask(beacon.dnsPort(), "cam1.ddns.test", "A").answer())
                .containsExactly("cam1.ddns.test. 60 IN A 203.0.113.5");
        assertThat(beacon.ipcheck(CAM)).isEqualTo("14|203.0.113.5");
    }

    @Test
    void onlyTheNamedHostsChange() throws Exception {
        nic("hostname=cam2.ddns.test&myip=203.0.113.6", password);
        assertThat(Dig.ask(beacon.dnsPort(), "cam1.ddns.test", "A").answer())
                .containsExactly("cam1.ddns.test. 60 IN A 198.51.100.1");
        assertThat(Dig.ask(beacon.dnsPort(), "cam2.ddns.test", "A").answer())
                .containsExactly("cam2.ddns.test. 60 IN A 203.0.113.6");
    }

    @Test
    void oneLinePerHostnameInRequestOrder() throws Exception {
        HttpResponse<String> r = nic("hostname=cam2.ddns.test,other.ddns.test,bad_name!,cam1.ddns.test,nobody.ddns.test,"
                + "cam1.elsewhere.example&myip=198.51.100.1", password);
        assertThat(r.body()).isEqualTo("nochg 198.51.100.1\nnohost\nnotfqdn\nnochg 198.51.100.1\nnohost\nnohost");
    }

    @Test
    void missingOrEmptyMyipMeansTheClientAddress() throws Exception {
        assertThat(nic("hostname=cam1.ddns.test", password).body()).isEqualTo("good 127.0.0.1");
        assertThat(nic("hostname=cam1.ddns.test&myip=", password).body()).isEqualTo("nochg 127.0.0.1");
    }

    @Test
    void bothFamiliesInEitherOrderRawOrEncoded() throws Exception {
        assertThat(nic("hostname=cam1.ddns.test&myip=2001:db8::5,203.0.113.5", password).body())
                .isEqualTo("good 203.0.113.5,2001:db8::5");
        assertThat(nic("hostname=cam1.ddns.test&myip=" + URLEncoder.encode("203.0.113.5,2001:db8::5", StandardCharsets.UTF_8),
                password).body()).isEqualTo("nochg 203.0.113.5,2001:db8::5");
    }

    @Test
    void wrongPasswordIsBadauthWith401() throws Exception {
        HttpResponse<String> r = nic("hostname=cam1.ddns.test&myip=203.0.113.5", "not-a-token");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).isEqualTo("badauth");
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"beacon\"");
    }

    @Test
    void noCredentialsAtAllIsBadauth() throws Exception {
        assertThat(nic("hostname=cam1.ddns.test", null).body()).isEqualTo("badauth");
    }

    @Test
    void tokenMayComeAsPasswordOrTokenParameter() throws Exception {
        assertThat(nic("hostname=cam1.ddns.test&myip=203.0.113.7&password=" + password, null).body())
                .isEqualTo("good 203.0.113.7");
        assertThat(nic("hostname=cam1.ddns.test&myip=203.0.113.8&token=" + password, null).body())
                .isEqualTo("good 203.0.113.8");
    }

    @Test
    void v3PathAndDoubledLeadingSlashWorkToo() throws Exception {
        assertThat(nic("/v3/update", "hostname=cam1.ddns.test&myip=203.0.113.9", password).body())
                .isEqualTo("good 203.0.113.9");
        assertThat(nic("//nic/update", "hostname=cam1.ddns.test&myip=203.0.113.10", password).body())
                .isEqualTo("good 203.0.113.10");
    }

    @Test
    void moreThanTwentyHostnamesIsNumhost() throws Exception {
        String hosts = String.join(",", java.util.Collections.nCopies(21, "cam1.ddns.test"));
        assertThat(nic("hostname=" + hosts, password).body()).isEqualTo("numhost");
    }

    @Test
    void missingHostnameIsNotfqdn() throws Exception {
        assertThat(nic("myip=203.0.113.5", password).body()).isEqualTo("notfqdn");
    }

    @Test
    void unusableMyipIsDnserrAndChangesNothing() throws Exception {
        assertThat(nic("hostname=cam1.ddns.test&myip=abc", password).body()).isEqualTo("dnserr");
        assertThat(nic("hostname=cam1.ddns.test,cam2.ddns.test&myip=010.1.1.1", password).body()).isEqualTo("dnserr\ndnserr");
        assertThat(beacon.ipcheck(CAM)).isEqualTo("14|198.51.100.1");
    }

    @Test
    void ignoredParametersDoNoHarm() throws Exception {
        assertThat(nic("system=dyndns&hostname=cam1.ddns.test&myip=203.0.113.5&wildcard=ON&mx=mx.example&backmx=NO&offline=NO",
                password).body()).isEqualTo("good 203.0.113.5");
    }

    @Test
    void aFreshTokenWorksTooButAStaticOneOnlyWhereAllowed() throws Exception {
        assertThat(nic("hostname=cam1.ddns.test&myip=203.0.113.5", beacon.token(CAM)).body()).isEqualTo("good 203.0.113.5");
    }

    @Nested
    class StrictZone {
        @TempDir
        Path other;

        @Test
        void staticTokenIsBadauthWhereTheZoneRefusesThem() throws Exception {
            try (TestServer strict = TestServer.in(other).start()) {
                strict.add(CAM, "cam1", "");
                HttpRequest r = strict.request("/nic/update?hostname=cam1.ddns.test")
                        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                                ("u:" + strict.staticToken(CAM)).getBytes(StandardCharsets.UTF_8))).build();
                assertThat(strict.client().send(r, HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("badauth");
            }
        }
    }

    @Nested
    class Flood {
        @TempDir
        Path other;

        @Test
        void nativeFloodBecomesAbuseWithRetryAfterNot911() throws Exception {
            try (TestServer limited = TestServer.in(other).policy("{allow-static-tokens: true}")
                    .flood("{device: {burst: 2, per-minute: 1}}").start()) {
                String pass = limited.staticToken(CAM);
                limited.add(CAM, "cam1", "");
                HttpRequest.Builder req = limited.request("/nic/update?hostname=cam1.ddns.test&myip=203.0.113.5")
                        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("u:" + pass).getBytes()));
                limited.client().send(req.build(), HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> r = limited.client().send(req.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("abuse");
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
            }
        }
    }

    @Test
    void storageFailureIs503SoClientsRetryLater() throws Exception {
        try (Connection blocker = DriverManager.getConnection("jdbc:sqlite:" + beacon.dataDir().resolve("beacon.db"));
                Statement s = blocker.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
            HttpResponse<String> r = nic("hostname=cam1.ddns.test&myip=203.0.113.44", password);
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).isEqualTo("dnserr");
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            s.execute("ROLLBACK");
        }
        assertThat(beacon.ipcheck(CAM)).isEqualTo("14|198.51.100.1");
    }
}
