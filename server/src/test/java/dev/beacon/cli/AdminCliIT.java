package dev.beacon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.beacon.store.AdminToken;
import dev.beacon.testing.AdminClient;
import dev.beacon.testing.BeaconCommand;
import dev.beacon.testing.BeaconCommand.Run;
import dev.beacon.testing.Dig;
import dev.beacon.testing.SelfSignedCert;
import dev.beacon.testing.TestServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code beacon admin-token} and {@code beacon admin} run as an operator runs them, against a running server. */
class AdminCliIT {

    @TempDir
    Path dir;

    private Run beacon(String... args) throws Exception {
        return BeaconCommand.run(dir, args);
    }

    private String[] database(TestServer server) {
        return new String[] {"--config", dir.resolve("beacon.yaml").toString(), "--data", server.dataDir().toString()};
    }

    private static String[] with(String[] head, String... tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    private String adminUrl(TestServer server) {
        return "http://127.0.0.1:" + server.server().adminAddress().getPort();
    }

    private Path tokenFile(TestServer server, AdminToken.Scope scope) throws Exception {
        Path file = dir.resolve("token-" + scope.text());
        Files.writeString(file, AdminClient.newToken(server.server(), "cli-" + scope.text(), scope) + "\n");
        return file;
    }

    @Test
    void createPrintsTheTokenOnceOnTheLastLineAndItWorksAtOnce() throws Exception {
        try (TestServer server = TestServer.in(dir).start()) {
            Run created = beacon(with(new String[] {"admin-token", "create", "--name", "ops", "--scope", "write"},
                    database(server)));
            assertThat(created.status()).as(created.err()).isZero();
            List<String> lines = created.out().lines().toList();
            String token = lines.get(lines.size() - 1);
            assertThat(token).startsWith("beacon_").hasSizeGreaterThan(40);
            AdminClient api = new AdminClient(URI.create(adminUrl(server)), token);
            assertThat(api.post("/api/v1/devices/SN-1/block").status()).isEqualTo(200);
            Run list = beacon(with(new String[] {"admin-token", "list"}, database(server)));
            assertThat(list.status()).isZero();
            assertThat(list.out()).contains("ops").contains("write").doesNotContain(token);
        }
    }

    @Test
    void aRevokedTokenIsRefusedAndRevokingItAgainFails() throws Exception {
        try (TestServer server = TestServer.in(dir).start()) {
            String token = AdminClient.newToken(server.server(), "ops", AdminToken.Scope.READ);
            Run revoked = beacon(with(new String[] {"admin-token", "revoke", "ops"}, database(server)));
            assertThat(revoked.status()).as(revoked.err()).isZero();
            assertThat(new AdminClient(URI.create(adminUrl(server)), token).get("/api/v1/zones").status()).isEqualTo(401);
            Run again = beacon(with(new String[] {"admin-token", "revoke", "ops"}, database(server)));
            assertThat(again.status()).isEqualTo(1);
            assertThat(again.err()).contains("no token named 'ops'");
        }
    }

    @Test
    void f8ABadScopeOrNameOrADuplicateIsRefused() throws Exception {
        try (TestServer server = TestServer.in(dir).start()) {
            Run scope = beacon(with(new String[] {"admin-token", "create", "--name", "ops", "--scope", "admin"},
                    database(server)));
            assertThat(scope.status()).isEqualTo(2);
            assertThat(scope.err()).contains("--scope: read or write");
            Run name = beacon(with(new String[] {"admin-token", "create", "--name", "a b", "--scope", "read"},
                    database(server)));
            assertThat(name.status()).isEqualTo(2);
            assertThat(name.err()).contains("--name");
            AdminClient.newToken(server.server(), "ops", AdminToken.Scope.READ);
            Run twice = beacon(with(new String[] {"admin-token", "create", "--name", "ops", "--scope", "read"},
                    database(server)));
            assertThat(twice.status()).isEqualTo(1);
            assertThat(twice.err()).contains("exists");
        }
    }

    @Test
    void devicesShowPrintsTheDeviceAndItsHistoryAsATableOrJson() throws Exception {
        try (TestServer server = TestServer.in(dir).start()) {
            server.add("00:11:22:33:44:55", "cam1", "myip=198.51.100.1");
            server.update("00:11:22:33:44:55", "myip=198.51.100.2");
            Path token = tokenFile(server, AdminToken.Scope.READ);
            Run table = beacon("admin", "devices", "show", "00:11:22:33:44:55", "--url", adminUrl(server),
                    "--token-file", token.toString());
            assertThat(table.status()).as(table.err()).isZero();
            assertThat(table.out()).contains("cam1.ddns.test").contains("198.51.100.2")
                    .contains("updated").contains("ipv4 198.51.100.1 -> 198.51.100.2");
            Run json = beacon("admin", "devices", "show", "00:11:22:33:44:55", "--json", "--url", adminUrl(server),
                    "--token-file", token.toString());
            JsonNode d = new ObjectMapper().readTree(json.out());
            assertThat(d.get("history")).hasSize(2);
        }
    }

    @Test
    void blockAndReleaseFromTheCommandLineActAtOnce() throws Exception {
        try (TestServer server = TestServer.in(dir).start()) {
            server.add("SN-1", "cam1", "myip=198.51.100.1");
            Path token = tokenFile(server, AdminToken.Scope.WRITE);
            Run block = beacon("admin", "devices", "block", "SN-1", "--url", adminUrl(server), "--token-file",
                    token.toString());
            assertThat(block.status()).as(block.err()).isZero();
            assertThat(block.out()).contains("blocked SN-1 in ddns.test");
            assertThat(server.update("SN-1", "myip=198.51.100.2")).isEqualTo("02");
            Run release = beacon("admin", "names", "release", "cam1.ddns.test", "--url", adminUrl(server),
                    "--token-file", token.toString());
            assertThat(release.status()).as(release.err()).isZero();
            assertThat(Dig.ask(server.dnsPort(), "cam1.ddns.test", "A").status()).isEqualTo("NXDOMAIN");
            Run report = beacon("admin", "report", "fleet", "--url", adminUrl(server), "--token-file", token.toString());
            assertThat(report.status()).as(report.err()).isZero();
            assertThat(report.out()).contains("USER AGENT").contains(TestServer.USER_AGENT);
        }
    }

    @Test
    void revokingFromTheCommandLineSaysWhichGenerationTheDeviceNeeds() throws Exception {
        try (TestServer server = TestServer.in(dir).start()) {
            Path token = tokenFile(server, AdminToken.Scope.WRITE);
            Run revoke = beacon("admin", "devices", "revoke", "SN-1", "--url", adminUrl(server), "--token-file",
                    token.toString());
            assertThat(revoke.status()).as(revoke.err()).isZero();
            assertThat(revoke.out()).contains("revoked the keys of SN-1 in ddns.test; it needs a key of generation 1");
            assertThat(server.server().registry().snapshot().zone("ddns.test")
                    .generationFloor(dev.beacon.token.DeviceId.parse("SN-1"))).isEqualTo(1);
        }
    }

    @Test
    void f2AReadTokenAskingToWriteGetsTheApisRefusal() throws Exception {
        try (TestServer server = TestServer.in(dir).start()) {
            Path token = tokenFile(server, AdminToken.Scope.READ);
            Run block = beacon("admin", "devices", "block", "SN-1", "--url", adminUrl(server), "--token-file",
                    token.toString());
            assertThat(block.status()).isEqualTo(1);
            assertThat(block.err()).contains("HTTP 403").contains("write token");
        }
    }

    @Test
    void withoutATokenTheCommandSaysWhereToPutOne() throws Exception {
        Run r = beacon("admin", "zones", "--url", "http://127.0.0.1:9");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("BEACON_ADMIN_TOKEN").contains("--token-file");
    }

    @Test
    void theAdminListenerSpeaksHttpsTrustingAPrivateCa() throws Exception {
        SelfSignedCert tls = SelfSignedCert.in(dir);
        try (TestServer server = TestServer.in(dir).https(tls.certificate(), tls.privateKey()).adminTls().start()) {
            Path token = tokenFile(server, AdminToken.Scope.READ);
            String https = "https://127.0.0.1:" + server.server().adminAddress().getPort();
            Run zones = beacon("admin", "zones", "--url", https, "--ca-file", tls.certificate().toString(),
                    "--token-file", token.toString());
            assertThat(zones.status()).as(zones.err()).isZero();
            assertThat(zones.out()).contains("ddns.test");
            Run untrusted = beacon("admin", "zones", "--url", https, "--token-file", token.toString());
            assertThat(untrusted.status()).isEqualTo(1);
            Run plain = beacon("admin", "zones", "--url", adminUrl(server), "--token-file", token.toString());
            assertThat(plain.status()).isEqualTo(1);
        }
    }

    @Test
    void theTokenMayComeFromTheEnvironment() throws Exception {
        try (TestServer server = TestServer.in(dir).start()) {
            server.add("SN-1", "cam1", "myip=198.51.100.1");
            String token = AdminClient.newToken(server.server(), "ops", AdminToken.Scope.READ);
            Run list = BeaconCommand.run(dir, java.util.Map.of("BEACON_ADMIN_TOKEN", token), "admin", "devices", "list",
                    "--url", adminUrl(server));
            assertThat(list.status()).as(list.err()).isZero();
            assertThat(list.out()).contains("SN-1").contains("cam1.ddns.test");
        }
    }

    @Test
    void theDatabaseKeepsOnlyTheTokensHash() throws Exception {
        try (TestServer server = TestServer.in(dir).start()) {
            Run created = beacon(with(new String[] {"admin-token", "create", "--name", "ops", "--scope", "read"},
                    database(server)));
            List<String> lines = created.out().lines().toList();
            String token = lines.get(lines.size() - 1);
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(server.server().config().store().url().text());
                    java.sql.Statement st = c.createStatement();
                    java.sql.ResultSet rs = st.executeQuery("SELECT * FROM admin_tokens")) {
                assertThat(rs.next()).isTrue();
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.append(rs.getString(i)).append('|');
                }
                assertThat(row.toString()).doesNotContain(token).doesNotContain(token.substring(7, 20))
                        .contains(dev.beacon.admin.AdminTokenHash.of(token));
            }
        }
    }
}
