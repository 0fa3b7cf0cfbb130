package dev.beacon.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.Postgres;
import dev.beacon.testing.TcpRelay;
import dev.beacon.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin listener of a real server: liveness, readiness against a real database, and metrics Prometheus accepts. */
class AdminIT {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(TestServer beacon, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + beacon.server().adminAddress().getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthzSaysTheProcessIsUp() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            HttpResponse<String> r = get(beacon, "/healthz");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("ok\n");
        }
    }

    @Test
    void readyzIsReadyWhileTheDatabaseAnswers() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            HttpResponse<String> r = get(beacon, "/readyz");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("ready\n");
        }
    }

    @Test
    void manyProbesWhileTheDatabaseIsUnreachableEachAnswer503WithinSeconds() throws Exception {
        String url = Postgres.freshSchemaUrl();
        try (TcpRelay relay = new TcpRelay(5432);
                TestServer beacon = TestServer.in(dir).db(url.replace("127.0.0.1:5432", "127.0.0.1:" + relay.port()))
                        .storage("{connect-timeout: 5s}").start()) {
            relay.cut();
            java.util.List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> probes = new java.util.ArrayList<>();
            long start = System.nanoTime();
            URI uri = URI.create("http://127.0.0.1:" + beacon.server().adminAddress().getPort() + "/readyz");
            for (int i = 0; i < 20; i++) {
                probes.add(http.sendAsync(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (var probe : probes) {
                assertThat(probe.get().statusCode()).isEqualTo(503);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        } finally {
            Postgres.dropSchema(url);
        }
    }

    @Test
    void readyzIs503WithTheReasonWhenTheDatabaseIsUnreachableAndReadyAgainAfter() throws Exception {
        String url = Postgres.freshSchemaUrl();
        try (TcpRelay relay = new TcpRelay(5432);
                TestServer beacon = TestServer.in(dir).db(url.replace("127.0.0.1:5432", "127.0.0.1:" + relay.port()))
                        .storage("{connect-timeout: 1s}").start()) {
            assertThat(get(beacon, "/readyz").statusCode()).isEqualTo(200);
            relay.cut();
            long start = System.nanoTime();
            HttpResponse<String> down = get(beacon, "/readyz");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).startsWith("not ready: storage: ");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            relay.restore();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int status = 0;
            while (System.nanoTime() < deadline && (status = get(beacon, "/readyz").statusCode()) != 200) {
                Thread.sleep(100);
            }
            assertThat(status).isEqualTo(200);
        } finally {
            Postgres.dropSchema(url);
        }
    }

    @Test
    void metricsCountWhatDevicesDidAndPromtoolAcceptsThem() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            assertThat(beacon.add("SN-1", "cam1", "myip=198.51.100.1")).isEqualTo("10|cam1.ddns.test");
            assertThat(beacon.update("SN-1", "myip=198.51.100.2")).isEqualTo("09");
            assertThat(beacon.update("SN-1", "myip=198.51.100.2")).isEqualTo("08");
            HttpResponse<String> r = get(beacon, "/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue(AdminEndpoints.METRICS_TYPE);
            assertThat(r.body()).contains("beacon_zone_names{zone=\"ddns.test\"} 1.0")
                    .contains("beacon_device_events_total{event=\"change\"} 2.0")
                    .contains("beacon_device_events_total{event=\"no_change\"} 1.0")
                    .contains("beacon_writer_queue 0.0").contains("jvm_memory_used_bytes");
            Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
            promtool.getOutputStream().write(r.body().getBytes(StandardCharsets.UTF_8));
            promtool.getOutputStream().close();
            String out = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(promtool.waitFor()).as(out).isZero();
        }
    }

    @Test
    void theAdminListenerServesNoDevicePathsAndTheDeviceListenerNoAdminOnes() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            assertThat(get(beacon, "/update.aspx?mac=x").statusCode()).isEqualTo(404);
            assertThat(beacon.get("/metrics").statusCode()).isEqualTo(404);
            assertThat(beacon.get("/api/v1/zones").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void onlyGetAndHeadAreAnswered() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            URI uri = URI.create("http://127.0.0.1:" + beacon.server().adminAddress().getPort() + "/metrics");
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(405);
            HttpResponse<String> head = http.send(HttpRequest.newBuilder(uri).method("HEAD",
                    HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).isEqualTo(200);
        }
    }
}
