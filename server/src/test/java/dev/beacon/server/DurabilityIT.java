package dev.beacon.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.BeaconProcess;
import dev.beacon.testing.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged means durable: a child JVM acknowledges N concurrent updates, is killed with
 * SIGKILL while more are in flight, restarts, and every acknowledged update is there.
 */
class DurabilityIT {

    private static final int DEVICES = 300;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedUpdateSurvivesSigkill() throws Exception {
        Path config = dir.resolve("beacon.yaml");
        Files.writeString(config, TestServer.in(dir).yaml());
        Map<String, String> acked = new ConcurrentHashMap<>();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (BeaconProcess first = BeaconProcess.start(config, dir.resolve("data"))) {
            TestServer.Tokens tokens = new TestServer.Tokens();
            registerAll(http, first, tokens);
            // Round two: every device changes its address concurrently; kill as soon as the
            // first half is acknowledged, with the rest still in flight.
            List<CompletableFuture<Void>> inFlight = new ArrayList<>();
            for (int i = 0; i < DEVICES; i++) {
                String device = "SN-" + i;
                String ip = "198.51.101." + (i % 250 + 1);
                inFlight.add(send(http, first, "/update.aspx?mac=" + tokens.mint(device) + "&myip=" + ip)
                        .thenAccept(body -> {
                            if (body.equals("09")) {
                                acked.put(device, ip);
                            }
                        }));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (acked.size() < DEVICES / 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            first.kill();
            inFlight.forEach(f -> f.exceptionally(e -> null));
        }
        Map<String, String> ackedAtKill = Map.copyOf(acked);
        assertThat(ackedAtKill).hasSizeGreaterThanOrEqualTo(DEVICES / 2);
        try (BeaconProcess second = BeaconProcess.start(config, dir.resolve("data"))) {
            TestServer.Tokens tokens = new TestServer.Tokens();
            for (Map.Entry<String, String> e : ackedAtKill.entrySet()) {
                assertThat(send(http, second, "/ipcheck.aspx?mac=" + tokens.mint(e.getKey())).join())
                        .as("device %s", e.getKey()).isEqualTo("14|" + e.getValue());
            }
        }
    }

    private static void registerAll(HttpClient http, BeaconProcess beacon, TestServer.Tokens tokens) {
        List<CompletableFuture<String>> adds = new ArrayList<>();
        for (int i = 0; i < DEVICES; i++) {
            adds.add(send(http, beacon, "/add.aspx?mac=" + tokens.mint("SN-" + i) + "&dm=dev" + i + "&myip=198.51.100."
                    + (i % 250 + 1)));
        }
        for (int i = 0; i < DEVICES; i++) {
            assertThat(adds.get(i).join()).isEqualTo("10|dev" + i + ".ddns.test");
        }
    }

    private static CompletableFuture<String> send(HttpClient http, BeaconProcess beacon, String pathAndQuery) {
        return http.sendAsync(HttpRequest.newBuilder(beacon.base().resolve(pathAndQuery)).timeout(Duration.ofSeconds(20))
                .build(), HttpResponse.BodyHandlers.ofString()).thenApply(HttpResponse::body);
    }
}
