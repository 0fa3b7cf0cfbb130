package dev.beacon.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.admin.ConfigReloader;
import dev.beacon.store.AdminToken;
import dev.beacon.testing.AdminClient;
import dev.beacon.testing.BeaconCommand;
import dev.beacon.testing.BeaconProcess;
import dev.beacon.testing.SelfSignedCert;
import dev.beacon.testing.TestServer;
import dev.beacon.token.DeviceId;
import dev.beacon.token.TokenCodec;
import dev.beacon.token.TokenKey;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A config reload while serving: a new TLS certificate for new handshakes while an open keep-alive
 * connection goes on with the old one, a new zone key, new flood limits, a file that cannot be
 * used leaving everything as it was, and what takes a restart said so. Through the API, the
 * command line and SIGHUP.
 */
class ReloadIT {

    private static final String SECOND_KEY = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

    @TempDir
    Path dir;

    @Test
    void aNewCertificateServesNewHandshakesWhileAnOpenKeepAliveConnectionGoesOn() throws Exception {
        SelfSignedCert first = SelfSignedCert.in(Files.createDirectories(dir.resolve("first")));
        SelfSignedCert second = SelfSignedCert.in(Files.createDirectories(dir.resolve("second")));
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Files.copy(first.certificate(), cert);
        Files.copy(first.privateKey(), key);
        try (TestServer beacon = TestServer.in(dir.resolve("beacon")).https(cert, key).start()) {
            int port = beacon.server().httpsAddress().getPort();
            try (SSLSocket open = handshake(port, first)) {
                assertThat(get(open)).isEqualTo("127.0.0.1");

                Files.copy(second.certificate(), cert, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Files.copy(second.privateKey(), key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                ConfigReloader.Outcome outcome = beacon.server().reload();
                assertThat(outcome.reloaded()).as(String.valueOf(outcome.problem())).isTrue();
                assertThat(outcome.applied()).contains("TLS certificate and key");

                try (SSLSocket fresh = handshake(port, second)) {
                    assertThat(presented(fresh)).isEqualTo(certificate(second));
                    assertThat(get(fresh)).isEqualTo("127.0.0.1");
                }
                assertThat(get(open)).as("the connection opened before the reload").isEqualTo("127.0.0.1");
                assertThat(presented(open)).isEqualTo(certificate(first));
            }
        }
    }

    @Test
    void aKeyAddedToTheFileIsAcceptedAfterAReload() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            String token = new TokenCodec(new SecureRandom()).mint(TokenKey.fromBase64(2, SECOND_KEY),
                    DeviceId.parse("SN-NEW"), System.currentTimeMillis() / 1000);
            assertThat(beacon.body("/add.aspx?mac=" + token + "&dm=newcam&myip=198.51.100.9")).isEqualTo("02");
            rewrite(dir.resolve("beacon.yaml"), "keys: [{id: 1, secret: '" + TestServer.KEY_BASE64 + "'}]",
                    "keys: [{id: 1, secret: '" + TestServer.KEY_BASE64 + "'}, {id: 2, secret: '" + SECOND_KEY + "'}]");

            assertThat(beacon.server().reload().reloaded()).isTrue();

            String again = new TokenCodec(new SecureRandom()).mint(TokenKey.fromBase64(2, SECOND_KEY),
                    DeviceId.parse("SN-NEW"), System.currentTimeMillis() / 1000);
            assertThat(beacon.body("/add.aspx?mac=" + again + "&dm=newcam&myip=198.51.100.9")).isEqualTo("10|newcam.ddns.test");
        }
    }

    @Test
    void aKeyRemovedFromTheFileIsRefusedAfterAReload() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            beacon.add("SN-1", "cam1", "myip=198.51.100.1");
            rewrite(dir.resolve("beacon.yaml"), "keys: [{id: 1, secret: '" + TestServer.KEY_BASE64 + "'}]",
                    "keys: [{id: 2, secret: '" + SECOND_KEY + "'}]");

            assertThat(beacon.server().reload().reloaded()).isTrue();

            assertThat(beacon.update("SN-1", "myip=198.51.100.2")).as("a token sealed with key id 1").isEqualTo("02");
        }
    }

    @Test
    void lowerFloodLimitsApplyAfterAReload() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            beacon.add("SN-1", "cam1", "myip=198.51.100.1");
            for (int i = 0; i < 5; i++) {
                assertThat(beacon.update("SN-1", "myip=198.51.100." + (i + 2))).isEqualTo("09");
            }
            Path file = dir.resolve("beacon.yaml");
            String yaml = Files.readString(file);
            Files.writeString(file, yaml.replaceFirst("flood: \\{device: \\{burst: 100000, per-second: 100000\\}",
                    "flood: {device: {burst: 2, per-minute: 1}"));

            assertThat(beacon.server().reload().applied()).contains("flood limits");

            assertThat(beacon.update("SN-1", "myip=198.51.100.20")).isEqualTo("09");
            assertThat(beacon.update("SN-1", "myip=198.51.100.21")).isEqualTo("09");
            assertThat(beacon.update("SN-1", "myip=198.51.100.22")).isEqualTo("911");
        }
    }

    @Test
    void aReloadThatLeavesTheFloodLimitsAloneKeepsTheirCounts() throws Exception {
        try (TestServer beacon = TestServer.in(dir).flood("{device: {burst: 2, per-minute: 1}}").start()) {
            beacon.add("SN-1", "cam1", "myip=198.51.100.1");
            assertThat(beacon.update("SN-1", "myip=198.51.100.2")).isEqualTo("09");
            assertThat(beacon.update("SN-1", "myip=198.51.100.3")).isEqualTo("911");

            assertThat(beacon.server().reload().reloaded()).isTrue();

            assertThat(beacon.update("SN-1", "myip=198.51.100.4")).as("no fresh allowance from a reload").isEqualTo("911");
        }
    }

    @Test
    void aFileThatCannotBeUsedLeavesTheRunningConfigWhole() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            beacon.add("SN-1", "cam1", "myip=198.51.100.1");
            Path file = dir.resolve("beacon.yaml");
            String good = Files.readString(file);
            Files.writeString(file, good + "\nflood: [not, a, mapping\n");

            ConfigReloader.Outcome outcome = beacon.server().reload();

            assertThat(outcome.reloaded()).isFalse();
            assertThat(outcome.problem()).startsWith("config error:");
            assertThat(beacon.update("SN-1", "myip=198.51.100.2")).isEqualTo("09");
            assertThat(beacon.get("/ipdetect.aspx").body()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void aListenerChangedInTheFileIsReportedAsTakingARestartAndTheRestApplies() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            rewrite(dir.resolve("beacon.yaml"), "dns: 127.0.0.1:0", "dns: 127.0.0.1:5399");
            ConfigReloader.Outcome outcome = beacon.server().reload();
            assertThat(outcome.reloaded()).isTrue();
            assertThat(outcome.needRestart()).containsExactly("listen.dns");
            assertThat(outcome.applied()).contains("flood limits", "logging level");
            assertThat(beacon.server().reload().needRestart()).as("until a restart, every reload says so")
                    .containsExactly("listen.dns");
        }
    }

    @Test
    void beaconReloadAsksTheRunningServerThroughTheAdminListener() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            String token = AdminClient.newToken(beacon.server(), "ops", AdminToken.Scope.WRITE);
            BeaconCommand.Run run = BeaconCommand.run(dir, Map.of("BEACON_ADMIN_TOKEN", token), "reload", "--url",
                    "http://127.0.0.1:" + beacon.server().adminAddress().getPort());
            assertThat(run.status()).as(run.err()).isZero();
            assertThat(run.out()).startsWith("reloaded: zone keys, masters, policies, fields and update grants; flood limits;");

            Files.writeString(dir.resolve("beacon.yaml"), "zones: [");
            BeaconCommand.Run bad = BeaconCommand.run(dir, Map.of("BEACON_ADMIN_TOKEN", token), "reload", "--url",
                    "http://127.0.0.1:" + beacon.server().adminAddress().getPort());
            assertThat(bad.status()).isEqualTo(1);
            assertThat(bad.err()).startsWith("beacon reload: HTTP 422: config error:").contains("the running config stays");
        }
    }

    @Test
    void sighupReloadsAPackagedServer() throws Exception {
        Path config = dir.resolve("beacon.yaml");
        Files.writeString(config, TestServer.in(dir).yaml());
        try (BeaconProcess beacon = BeaconProcess.start(config, dir.resolve("data"))) {
            new ProcessBuilder("kill", "-HUP", Long.toString(beacon.pid())).start().waitFor();
            assertThat(beacon.awaitOutput("config reloaded:")).contains("flood limits");
        }
    }

    private static void rewrite(Path file, String from, String to) throws Exception {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
    }

    private static SSLSocket handshake(int port, SelfSignedCert trusted) throws Exception {
        SSLContext context = trusted.trustingContext();
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        socket.startHandshake();
        return socket;
    }

    /** One keep-alive request on the socket; the body of the answer. */
    private static String get(SSLSocket socket) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write("GET /ipdetect.aspx HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        int length = 0;
        for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        char[] body = new char[length];
        int read = 0;
        while (read < length) {
            read += in.read(body, read, length - read);
        }
        return new String(body);
    }

    private static X509Certificate presented(SSLSocket socket) throws Exception {
        return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }

    private static X509Certificate certificate(SelfSignedCert cert) throws Exception {
        try (var in = Files.newInputStream(cert.certificate())) {
            return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
