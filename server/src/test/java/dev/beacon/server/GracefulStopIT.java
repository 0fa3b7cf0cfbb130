package dev.beacon.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.BeaconProcess;
import dev.beacon.testing.TestServer;
import dev.beacon.token.DeviceId;
import dev.beacon.token.TokenCodec;
import dev.beacon.token.TokenKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM is a clean stop: the listener closes, every request already received is answered once
 * its commit finishes, and the process exits 0 with a "stopped" line. The commits are held back
 * by a real lock on the SQLite file, so the requests are provably in flight when the signal lands.
 */
class GracefulStopIT {

    private static final int REQUESTS = 20;

    @TempDir
    Path dir;

    @Test
    void requestsInFlightAtSigtermAreAnsweredBeforeTheProcessExitsZero() throws Exception {
        Path config = dir.resolve("beacon.yaml");
        Files.writeString(config, """
                listen: {http: 127.0.0.1:0, dns: 'off'}
                storage: {lock-timeout: 30s, commit-timeout: 30s}
                zones: [{name: ddns.test, keys: [{id: 1, secret: '%s'}]}]
                """.formatted(TestServer.KEY_BASE64));
        Path data = dir.resolve("data");
        TokenKey key = TokenKey.fromBase64(1, TestServer.KEY_BASE64);
        TokenCodec codec = new TokenCodec(new SecureRandom());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (BeaconProcess beacon = BeaconProcess.start(config, data)) {
            List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
            try (Connection blocker = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("beacon.db"));
                    Statement s = blocker.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                for (int i = 0; i < REQUESTS; i++) {
                    String token = codec.mint(key, DeviceId.parse("SN-STOP-" + i), System.currentTimeMillis() / 1000);
                    URI uri = beacon.base().resolve("/add.aspx?mac=" + token + "&dm=cam" + i);
                    replies.add(http.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(),
                            HttpResponse.BodyHandlers.ofString()));
                }
                beacon.awaitOutput("started: ");
                awaitQueued(beacon, beacon.base().getPort());
                beacon.signalTerm();
                // The server is stopping, but its commits still wait for the lock.
                Thread.sleep(300);
                assertThat(replies).noneMatch(CompletableFuture::isDone);
                s.execute("ROLLBACK");
            }
            for (int i = 0; i < REQUESTS; i++) {
                assertThat(replies.get(i).get().body()).isEqualTo("10|cam" + i + ".ddns.test");
            }
            assertThat(beacon.awaitExit(Duration.ofSeconds(30))).isEqualTo(0);
            assertThat(beacon.awaitOutput("stopped: ")).contains("stopped: " + REQUESTS + " requests (" + REQUESTS + " changes");
        }
    }

    /** The server has read every request: its connections all wait on the writer. */
    private static void awaitQueued(BeaconProcess beacon, int port) throws Exception {
        // Every request's connection is established first (on a loaded machine the client may
        // still be connecting); each request is then read within milliseconds, and there is no
        // other signal to wait on short of the replies, which the lock holds back.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (established(port) < REQUESTS && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(established(port)).as("connections to the server").isGreaterThanOrEqualTo(REQUESTS);
        Thread.sleep(500);
        assertThat(beacon.output()).noneMatch(l -> l.contains("ERROR"));
    }

    /** Established TCP connections to the server's port, as ss counts them. */
    private static long established(int port) throws Exception {
        Process ss = new ProcessBuilder("ss", "-Htn", "state", "established", "( sport = :" + port + " )")
                .redirectErrorStream(true).start();
        long lines = new String(ss.getInputStream().readAllBytes()).lines().filter(l -> !l.isBlank()).count();
        ss.waitFor();
        return lines;
    }
}
