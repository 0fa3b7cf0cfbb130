package dev.beacon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.BeaconCommand;
import dev.beacon.testing.BeaconCommand.Run;
import dev.beacon.testing.BeaconProcess;
import dev.beacon.token.DeviceId;
import dev.beacon.token.OpenedToken;
import dev.beacon.token.TokenCodec;
import dev.beacon.token.TokenKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code beacon} command as operators and scripts run it: the real jar in a child JVM. */
class CliIT {

    @TempDir
    Path dir;

    @Test
    void versionPrintsTheBuildVersionCommitAndDate() throws Exception {
        Run r = beacon("--version");
        assertThat(r.status()).isZero();
        String head = new String(new ProcessBuilder("git", "rev-parse", "--short=7", "HEAD").start().getInputStream()
                .readAllBytes()).strip();
        assertThat(r.out().strip()).matches("beacon \\d+\\.\\d+\\.\\d+ \\(commit [0-9a-f]{7}.*, built \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\)")
                .contains("commit " + head);
    }

    @Test
    void keygenPrintsBase64OfThirtyTwoRandomBytes() throws Exception {
        String a = beacon("keygen").out().strip();
        String b = beacon("keygen").out().strip();
        assertThat(Base64.getDecoder().decode(a)).hasSize(32);
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void tokenPrintsATokenTheCodecOpensToTheNormalisedDevice() throws Exception {
        Path key = dir.resolve("zone.key");
        Files.writeString(key, beacon("keygen").out());
        Run r = beacon("token", "--key-file", key.toString(), "--kid", "7", "--id", "e0-46-9a-b8-1b-fc");
        assertThat(r.status()).isZero();
        TokenKey k = TokenKey.fromBase64(7, Files.readString(key));
        OpenedToken opened = new TokenCodec(new SecureRandom()).open(r.out().strip(), kid -> kid == 7 ? k : null);
        assertThat(((OpenedToken.Valid) opened).token().deviceId()).isEqualTo(DeviceId.parse("E0:46:9A:B8:1B:FC"));
        assertThat(((OpenedToken.Valid) opened).token().isStatic()).isFalse();
    }

    @Test
    void staticTokenHasIssuedAtZero() throws Exception {
        Path key = dir.resolve("zone.key");
        Files.writeString(key, beacon("keygen").out());
        String token = beacon("token", "--key-file", key.toString(), "--id", "SN-1", "--static").out().strip();
        TokenKey k = TokenKey.fromBase64(1, Files.readString(key));
        OpenedToken opened = new TokenCodec(new SecureRandom()).open(token, kid -> k);
        assertThat(((OpenedToken.Valid) opened).token().isStatic()).isTrue();
    }

    @Test
    void tokenWithAMissingKeyFileFailsWithOneLine() throws Exception {
        Run r = beacon("token", "--key-file", dir.resolve("nope").toString(), "--id", "SN-1");
        assertThat(r.status()).isNotZero();
        assertThat(r.err().strip()).startsWith("beacon token: cannot read").doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void helpSummarisesEveryCommandInWholeSentences() throws Exception {
        Run r = beacon("--help");
        assertThat(r.status()).isZero();
        String commands = r.out().substring(r.out().indexOf("Commands:"));
        // A summary wraps onto indented lines; join them, then each must end a sentence.
        String joined = commands.replaceAll("\n {10,}", " ");
        java.util.List<String> summaries = joined.lines().skip(1).filter(l -> !l.isBlank()).toList();
        assertThat(summaries).hasSize(13).allSatisfy(s -> assertThat(s.strip()).endsWith("."));
    }

    @Test
    void unknownOptionIsAUsageError() throws Exception {
        Run r = beacon("serve", "--frobnicate");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--frobnicate'");
    }

    @Test
    void badConfigFailsStartUpWithOneLineNamingTheKey() throws Exception {
        Path config = dir.resolve("beacon.yaml");
        Files.writeString(config, "zones:\n  - name: a.test\n    tll: 60\n");
        Run r = beacon("serve", "--config", config.toString(), "--data", dir.resolve("data").toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("beacon: config error: zones[0].tll: unknown key (see docs/CONFIG.md)");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void portInUseFailsStartUpWithOneLine() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Run r = beacon("serve", "--data", dir.resolve("data").toString(), "--http", "127.0.0.1:" + taken.getLocalPort());
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.err().lines().filter(l -> l.startsWith("beacon: cannot start: listen.http: cannot listen on")))
                    .hasSize(1);
            assertThat(r.err()).doesNotContain("\tat ");
        }
    }

    @Test
    void serveOnEmbeddedDefaultsPrintsABannerWhoseCurlLineWorks() throws Exception {
        Path data = dir.resolve("data");
        try (BeaconProcess beacon = BeaconProcess.start(null, data, "--http", "127.0.0.1:0", "--dns", "127.0.0.1:0")) {
            String banner = beacon.awaitOutput("Mint tokens with");
            assertThat(banner).contains("zone     ddns.test").contains("mode     development")
                    .contains("Mint tokens with: beacon token --key-file " + data.resolve("device.key")
                            + " --id DEVICE_ID (zone ddns.test, key id 1)");
            Matcher curl = Pattern.compile("curl '([^']+)'").matcher(banner);
            assertThat(curl.find()).isTrue();
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(curl.group(1)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("10|cam1.ddns.test");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("device.key"))))
                    .isEqualTo("rw-------");
            assertThat(Files.exists(data.resolve("beacon.db"))).isTrue();
        }
    }

    @Test
    void productionBannerPrintsNoTokenAndNamesTheNewestKeyFile() throws Exception {
        Path old = dir.resolve("old.key");
        Path newest = dir.resolve("new.key");
        Files.writeString(old, dev.beacon.testing.TestServer.KEY_BASE64 + "\n");
        Files.writeString(newest, "AQECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n");
        Path config = dir.resolve("beacon.yaml");
        Files.writeString(config, """
                listen: {http: 127.0.0.1:0, dns: 'off'}
                zones: [{name: view.test, keys: [{id: 1, file: old.key}, {id: 2, file: new.key}]}]
                """);
        try (BeaconProcess beacon = BeaconProcess.start(config, dir.resolve("data"))) {
            String banner = beacon.awaitOutput("Mint tokens with");
            assertThat(banner).doesNotContain("mac=").doesNotContain("curl").doesNotContain("development")
                    .contains("Mint tokens with: beacon token --key-file " + newest + " --id DEVICE_ID (zone view.test, key id 2)");
        }
    }

    @Test
    void jsonLoggingWritesOneJsonObjectPerLogLine() throws Exception {
        Path config = dir.resolve("beacon.yaml");
        Files.writeString(config, """
                listen: {http: 127.0.0.1:0, dns: 'off'}
                logging: {format: json}
                zones: [{name: view.test, keys: [{id: 1, secret: '%s'}]}]
                """.formatted(dev.beacon.testing.TestServer.KEY_BASE64));
        try (BeaconProcess beacon = BeaconProcess.start(config, dir.resolve("data"))) {
            beacon.awaitOutput("sealed with key id 1");
            java.util.List<String> logLines = beacon.output().stream().filter(l -> l.contains("started: ")).toList();
            assertThat(logLines).hasSize(1);
            assertThat(logLines.get(0)).startsWith("{").endsWith("}").contains("\"level\":\"INFO\"")
                    .contains("\"loggerName\":\"dev.beacon.server.BeaconServer\"")
                    .contains("\"formattedMessage\":\"started: http 127.0.0.1:");
        }
    }

    @Test
    void loggingLevelFromTheConfigSilencesInfoLines() throws Exception {
        Path config = dir.resolve("beacon.yaml");
        Files.writeString(config, """
                listen: {http: 127.0.0.1:0, dns: 'off'}
                logging: {level: warn}
                zones: [{name: view.test, keys: [{id: 1, secret: '%s'}]}]
                """.formatted(dev.beacon.testing.TestServer.KEY_BASE64));
        try (BeaconProcess beacon = BeaconProcess.start(config, dir.resolve("data"))) {
            beacon.awaitOutput("sealed with key id 1");
            assertThat(beacon.output()).noneMatch(l -> l.contains("INFO"));
        }
    }

    @Test
    void refusedTokensAreLoggedWithTheClientAndReasonButNotTheToken() throws Exception {
        Path config = dir.resolve("beacon.yaml");
        Files.writeString(config, """
                listen: {http: 127.0.0.1:0, dns: 'off'}
                logging: {refusal-lines-per-minute: 2}
                zones: [{name: view.test, keys: [{id: 1, secret: '%s'}]}]
                """.formatted(dev.beacon.testing.TestServer.KEY_BASE64));
        try (BeaconProcess beacon = BeaconProcess.start(config, dir.resolve("data"))) {
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(beacon.base()
                        .resolve("/update.aspx?mac=NOT-A-TOKEN-" + i)).header("User-Agent", "Acme - Cam - 9").build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.body()).isEqualTo("02");
            }
            beacon.awaitOutput("refused token from 127.0.0.1 (Acme - Cam - 9)");
            assertThat(beacon.output().stream().filter(l -> l.contains("refused token from"))).hasSize(2);
            assertThat(String.join("\n", beacon.output())).doesNotContain("NOT-A-TOKEN");
        }
    }

    @Test
    void clientOnceRegistersTheNameAndExitsZero() throws Exception {
        try (dev.beacon.testing.TestServer beacon = dev.beacon.testing.TestServer.in(dir.resolve("server")).start()) {
            Path key = dir.resolve("zone.key");
            Files.writeString(key, dev.beacon.testing.TestServer.KEY_BASE64);
            Run r = beacon("client", "--server", beacon.base().toString(), "--key-file", key.toString(),
                    "--id", "SN-CLI", "--name", "porch", "--state", dir.resolve("state").toString(), "--once");
            assertThat(r.status()).as(r.err()).isZero();
            assertThat(beacon.ipcheck("SN-CLI")).isEqualTo("14|127.0.0.1");
            assertThat(Files.readString(dir.resolve("state"))).contains("address=127.0.0.1");
        }
    }

    @Test
    void clientTakesItsSettingsFromAConfigFile() throws Exception {
        try (dev.beacon.testing.TestServer beacon = dev.beacon.testing.TestServer.in(dir.resolve("server")).start()) {
            Path key = dir.resolve("zone.key");
            Files.writeString(key, dev.beacon.testing.TestServer.KEY_BASE64);
            Path conf = dir.resolve("client.conf");
            Files.writeString(conf, "server=" + beacon.base() + "\nkey-file=" + key + "\nid=SN-CONF\nname=shed\nonce=true\n"
                    + "state=" + dir.resolve("state") + "\n");
            Run r = beacon("client", "--config", conf.toString());
            assertThat(r.status()).as(r.err()).isZero();
            assertThat(beacon.ipcheck("SN-CONF")).isEqualTo("14|127.0.0.1");
        }
    }

    @Test
    void clientWithARefusedTokenExitsTwoWithAClearMessage() throws Exception {
        try (dev.beacon.testing.TestServer beacon = dev.beacon.testing.TestServer.in(dir.resolve("server")).start()) {
            Path key = dir.resolve("other.key");
            Files.writeString(key, beacon("keygen").out());
            Run r = beacon("client", "--server", beacon.base().toString(), "--key-file", key.toString(), "--id", "SN-X",
                    "--state", dir.resolve("state").toString(), "--once");
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).contains("configuration error: the server refused the token (02)").doesNotContain("\tat ");
        }
    }

    @Test
    void clientWithoutRequiredSettingsExitsTwo() throws Exception {
        Run r = beacon("client", "--once");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("beacon client: --server, --id and one of --key-file or --device-key-file are required");
    }

    @Test
    void sigtermStopsTheServerWithStatusZeroAndAStoppedLine() throws Exception {
        try (BeaconProcess beacon = BeaconProcess.start(null, dir.resolve("data"), "--http", "127.0.0.1:0",
                "--dns", "127.0.0.1:0")) {
            assertThat(beacon.stop(Duration.ofSeconds(20))).isEqualTo(0);
            assertThat(beacon.awaitOutput("stopped: ")).contains("INFO  BeaconServer - stopped: 0 requests");
        }
    }

    @Test
    void startLineNamesEveryListenerAndTheNameCount() throws Exception {
        try (BeaconProcess beacon = BeaconProcess.start(null, dir.resolve("data"), "--http", "127.0.0.1:0",
                "--dns", "off")) {
            assertThat(beacon.awaitOutput("started: ")).containsPattern(
                    "started: http 127\\.0\\.0\\.1:\\d+, https off, dns off, 1 zones, 0 names, storage jdbc:sqlite:");
        }
    }

    private Run beacon(String... args) throws IOException, InterruptedException {
        return BeaconCommand.run(dir, args);
    }
}
