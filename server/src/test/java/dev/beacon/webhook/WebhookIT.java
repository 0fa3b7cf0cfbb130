package dev.beacon.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.beacon.testing.BeaconProcess;
import dev.beacon.testing.TestServer;
import dev.beacon.testing.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Webhooks from a real server to a real local receiver, through receiver outages and a SIGKILL. */
class WebhookIT {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static String hook(WebhookReceiver receiver, String events) {
        return "webhooks: [{url: '" + receiver.url() + "', secret: '" + SECRET + "'" + events + "}]";
    }

    /** What a receiver does: recompute the signature over timestamp.body and compare. */
    private static void assertSigned(WebhookReceiver.Delivery d) {
        long timestamp = Long.parseLong(d.header("X-Beacon-Timestamp"));
        assertThat(d.header("X-Beacon-Signature")).isEqualTo(WebhookSignature.sign(SECRET, timestamp, d.body()));
        assertThat(Math.abs(System.currentTimeMillis() / 1000 - timestamp)).isLessThan(300);
    }

    private static JsonNode json(WebhookReceiver.Delivery d) throws Exception {
        return JSON.readTree(d.body());
    }

    @Test
    void eachCommittedChangeArrivesSignedInOrder() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver();
                TestServer beacon = TestServer.in(dir).zone(hook(receiver, "")).start()) {
            assertThat(beacon.add("SN-1", "cam1", "myip=198.51.100.1")).isEqualTo("10|cam1.ddns.test");
            assertThat(beacon.update("SN-1", "myip=198.51.100.2")).isEqualTo("09");
            assertThat(beacon.update("SN-1", "myip=198.51.100.2&port=81")).isEqualTo("09");
            dev.beacon.testing.AdminClient admin = dev.beacon.testing.AdminClient.withNewToken(beacon.server(), "alice",
                    dev.beacon.store.AdminToken.Scope.WRITE);
            assertThat(admin.post("/api/v1/devices/SN-1/block").status()).isEqualTo(200);
            assertThat(admin.post("/api/v1/devices/SN-1/unblock").status()).isEqualTo(200);
            assertThat(beacon.remove("SN-1")).isEqualTo("15");
            List<WebhookReceiver.Delivery> got = receiver.await(3, Duration.ofSeconds(10));
            assertThat(got).hasSize(3);
            got.forEach(WebhookIT::assertSigned);
            assertThat(got).extracting(d -> d.header("X-Beacon-Event"))
                    .containsExactly("name-added", "address-changed", "name-released");
            JsonNode changed = json(got.get(1));
            assertThat(changed.get("name").asText()).isEqualTo("cam1.ddns.test");
            assertThat(changed.get("device_id").asText()).isEqualTo("SN-1");
            assertThat(changed.get("old_ipv4").asText()).isEqualTo("198.51.100.1");
            assertThat(changed.get("ipv4").asText()).isEqualTo("198.51.100.2");
            assertThat(changed.get("by").asText()).isEqualTo("device");
            assertThat(Long.parseLong(got.get(1).header("X-Beacon-Delivery")))
                    .isGreaterThan(Long.parseLong(got.get(0).header("X-Beacon-Delivery")));
        }
    }

    @Test
    void aHookGetsOnlyTheEventsItListsAndATamperedBodyFailsVerification() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver();
                TestServer beacon = TestServer.in(dir).zone(hook(receiver, ", events: [name-released]")).start()) {
            beacon.add("SN-1", "cam1", "myip=198.51.100.1");
            beacon.update("SN-1", "myip=198.51.100.2");
            beacon.remove("SN-1");
            List<WebhookReceiver.Delivery> got = receiver.await(1, Duration.ofSeconds(10));
            Thread.sleep(500);
            assertThat(receiver.await(1, Duration.ZERO)).hasSize(1);
            assertThat(got.get(0).header("X-Beacon-Event")).isEqualTo("name-released");
            long timestamp = Long.parseLong(got.get(0).header("X-Beacon-Timestamp"));
            assertThat(WebhookSignature.sign(SECRET, timestamp, got.get(0).body().replace("SN-1", "SN-2")))
                    .isNotEqualTo(got.get(0).header("X-Beacon-Signature"));
        }
    }

    @Test
    void f10AReceiverDownForAWhileGetsEveryEventInOrderOnceItIsBack() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver();
                TestServer beacon = TestServer.in(dir).zone(hook(receiver, "")).start()) {
            receiver.answer(503);
            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                beacon.add("SN-" + i, "cam" + i, "myip=198.51.100." + i);
                beacon.update("SN-" + i, "myip=198.51.101." + i);
                expected.add("198.51.100." + i);
                expected.add("198.51.101." + i);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (receiver.attempts() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(receiver.attempts()).as("retried while down").isGreaterThanOrEqualTo(3);
            receiver.answer(200);
            List<WebhookReceiver.Delivery> got = receiver.await(8, Duration.ofSeconds(30));
            assertThat(got).hasSize(8);
            got.forEach(WebhookIT::assertSigned);
            List<String> addresses = new ArrayList<>();
            for (WebhookReceiver.Delivery d : got) {
                addresses.add(json(d).get("ipv4").asText());
            }
            assertThat(addresses).containsExactlyElementsOf(expected);
            // The receiver has the last event as soon as it is sent; Beacon counts it once the 2xx
            // reaches it, a moment later: read the metrics until then, within a deadline.
            HttpRequest scrape = HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + beacon.server().adminAddress().getPort() + "/metrics")).build();
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(scrape, HttpResponse.BodyHandlers.ofString());
            long counted = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!metrics.body().contains("beacon_webhook_delivered_total 8.0") && System.nanoTime() < counted) {
                Thread.sleep(50);
                metrics = HttpClient.newHttpClient().send(scrape, HttpResponse.BodyHandlers.ofString());
            }
            assertThat(metrics.body()).contains("beacon_webhook_delivered_total 8.0").contains("beacon_webhook_pending 0.0")
                    .containsPattern("beacon_webhook_failed_total [1-9]");
        }
    }

    @Test
    void f10ARedirectIsNotFollowedAndCountsAsAFailure() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver();
                TestServer beacon = TestServer.in(dir).zone(hook(receiver, "")).start()) {
            receiver.answer(302);
            beacon.add("SN-1", "cam1", "myip=198.51.100.1");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (receiver.attempts() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(receiver.attempts()).isGreaterThanOrEqualTo(2);
            receiver.answer(204);
            assertThat(receiver.await(1, Duration.ofSeconds(10))).hasSize(1);
        }
    }

    @Test
    void anEventCommittedJustBeforeASigkillStillArrivesAfterTheRestart() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answer(503);
            Path config = dir.resolve("beacon.yaml");
            Files.writeString(config, TestServer.in(dir).zone(hook(receiver, "")).yaml());
            HttpClient http = HttpClient.newHttpClient();
            TestServer.Tokens tokens = new TestServer.Tokens();
            try (BeaconProcess first = BeaconProcess.start(config, dir.resolve("data"))) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(first.base().resolve(
                        "/add.aspx?mac=" + tokens.mint("SN-1") + "&dm=cam1&myip=198.51.100.1")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.body()).isEqualTo("10|cam1.ddns.test");
                first.kill();
            }
            assertThat(receiver.await(1, Duration.ZERO)).isEmpty();
            receiver.answer(200);
            try (BeaconProcess second = BeaconProcess.start(config, dir.resolve("data"))) {
                List<WebhookReceiver.Delivery> got = receiver.await(1, Duration.ofSeconds(15));
                assertThat(second.output()).noneMatch(l -> l.contains("ERROR"));
                assertThat(got).hasSize(1);
                assertSigned(got.get(0));
                assertThat(json(got.get(0)).get("name").asText()).isEqualTo("cam1.ddns.test");
            }
        }
    }

    @Test
    void thePythonVerifierInAdminMdAcceptsARealDeliveryAndRefusesATamperedOne() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "ADMIN.md"));
        int start = doc.indexOf("```python\n") + "```python\n".length();
        String verifier = doc.substring(start, doc.indexOf("```\n", start));
        try (WebhookReceiver receiver = new WebhookReceiver();
                TestServer beacon = TestServer.in(dir).zone(hook(receiver, "")).start()) {
            beacon.add("SN-1", "cam1", "myip=198.51.100.1");
            WebhookReceiver.Delivery d = receiver.await(1, Duration.ofSeconds(10)).get(0);
            Files.writeString(dir.resolve("body"), d.body());
            Path script = dir.resolve("verify.py");
            Files.writeString(script, verifier + """

                    import sys
                    body = open(sys.argv[1], "rb").read()
                    headers = {"X-Beacon-Timestamp": sys.argv[2], "X-Beacon-Signature": sys.argv[3]}
                    sys.exit(0 if verified(b"%s", headers, body) else 1)
                    """.formatted(SECRET));
            assertThat(python(script, d.header("X-Beacon-Timestamp"), d.header("X-Beacon-Signature"))).isZero();
            Files.writeString(dir.resolve("body"), d.body().replace("198.51.100.1", "203.0.113.66"));
            assertThat(python(script, d.header("X-Beacon-Timestamp"), d.header("X-Beacon-Signature"))).isEqualTo(1);
        }
    }

    private int python(Path script, String timestamp, String signature) throws Exception {
        Process p = new ProcessBuilder("python3", script.toString(), dir.resolve("body").toString(), timestamp, signature)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int status = p.waitFor();
        assertThat(status).as(out).isIn(0, 1);
        return status;
    }
}
