package dev.beacon.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.BeaconProcess;
import dev.beacon.testing.TestServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk whose fsync fails (an LD_PRELOAD shim makes fsync and fdatasync fail with EIO while a
 * flag file exists) under a real server process and its real SQLite file: the device hears 12,
 * writes stop until a test write commits, and what the device hears afterwards and what a restart
 * loads agree.
 */
class FsyncFailureIT {

    private static final String CAM = "00:11:22:33:44:55";
    private static final String OTHER = "00:11:22:33:44:66";

    @TempDir
    Path dir;
    private Path shim;
    private Path flag;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final TestServer.Tokens tokens = new TestServer.Tokens();

    @BeforeEach
    void buildTheShim() throws Exception {
        Path source = dir.resolve("failing_fsync.c");
        try (InputStream in = FsyncFailureIT.class.getResourceAsStream("/faults/failing_fsync.c")) {
            Files.copy(in, source);
        }
        shim = dir.resolve("failing_fsync.so");
        Process cc = new ProcessBuilder("cc", "-shared", "-fPIC", "-O2", "-o", shim.toString(), source.toString(), "-ldl")
                .redirectErrorStream(true).start();
        String out = new String(cc.getInputStream().readAllBytes());
        assertThat(cc.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(cc.exitValue()).as(out).isZero();
        flag = dir.resolve("disk-fails");
    }

    @Test
    void h12AFailedFsyncIsAnswered12AndWritesStopUntilTheDiskTakesATestWrite() throws Exception {
        Path config = dir.resolve("beacon.yaml");
        Files.writeString(config, TestServer.in(dir).yaml());
        Path data = dir.resolve("data");
        try (BeaconProcess beacon = BeaconProcess.start(
                Map.of("LD_PRELOAD", shim.toString(), "BEACON_FAIL_FSYNC_WHILE", flag.toString()), config, data)) {
            assertThat(get(beacon.base(), "/add.aspx?mac=" + tokens.mint(CAM) + "&dm=cam1&myip=198.51.100.1"))
                    .isEqualTo("10|cam1.ddns.test");
            assertThat(get(beacon.base(), "/add.aspx?mac=" + tokens.mint(OTHER) + "&dm=cam2&myip=198.51.100.2"))
                    .isEqualTo("10|cam2.ddns.test");

            Files.createFile(flag);
            assertThat(get(beacon.base(), "/update.aspx?mac=" + tokens.mint(CAM) + "&myip=203.0.113.1"))
                    .as("the commit's fsync failed: outcome unknown").isEqualTo("12");
            beacon.awaitOutput("writes suspended");
            assertThat(get(beacon.base(), "/update.aspx?mac=" + tokens.mint(OTHER) + "&myip=203.0.113.2"))
                    .as("another device while the disk still fails").isEqualTo("12");
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(beacon.adminBase().resolve("/readyz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("writes suspended");

            Files.delete(flag);
            beacon.awaitOutput("writes resume");
            String retry = get(beacon.base(), "/update.aspx?mac=" + tokens.mint(CAM) + "&myip=203.0.113.1");
            assertThat(retry).as("the retry says what is stored: kept after all, or changed now").isIn("08", "09");
            assertThat(get(beacon.base(), "/update.aspx?mac=" + tokens.mint(OTHER) + "&myip=203.0.113.2"))
                    .isIn("08", "09");
            assertThat(http.send(HttpRequest.newBuilder(beacon.adminBase().resolve("/readyz")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            beacon.kill();
        }
        try (BeaconProcess restarted = BeaconProcess.start(config, data)) {
            assertThat(get(restarted.base(), "/ipcheck.aspx?mac=" + tokens.mint(CAM))).isEqualTo("14|203.0.113.1");
            assertThat(get(restarted.base(), "/ipcheck.aspx?mac=" + tokens.mint(OTHER))).isEqualTo("14|203.0.113.2");
        }
    }

    private String get(URI base, String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
