package dev.beacon.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.checkpoint.CheckpointFile;
import dev.beacon.testing.BeaconProcess;
import dev.beacon.testing.Dig;
import dev.beacon.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A packaged server restarts from its checkpoint: a clean stop writes it, the next start restores
 * it, and after a crash the next start replays what was committed since; DNS answers alike.
 */
class CheckpointRestartIT {

    /** The start line names every listener before the banner that the process is ready is printed. */
    private static final Pattern DNS_LISTENER = Pattern.compile("started: .* dns 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final TestServer.Tokens tokens = new TestServer.Tokens();

    @Test
    void aCleanStopWritesTheCheckpointTheNextStartRestores() throws Exception {
        Path config = config("{}");
        try (BeaconProcess first = BeaconProcess.start(config, data())) {
            first.awaitOutput("(checkpoint not used: there is no checkpoint at ");
            assertThat(get(first, "/add.aspx?mac=" + tokens.mint("SN-1") + "&dm=cam1&myip=198.51.100.1"))
                    .isEqualTo("10|cam1.ddns.test");
            assertThat(first.stop(Duration.ofSeconds(30))).isZero();
            first.awaitOutput("checkpoint: 1 names at journal position 1 written");
        }
        try (BeaconProcess second = BeaconProcess.start(config, data())) {
            assertThat(second.awaitOutput("restored 1 records from")).contains("then 0 journal entries");
            assertThat(Dig.ask(dnsPort(second), "cam1.ddns.test", "A").answer()).singleElement().asString()
                    .endsWith("198.51.100.1");
        }
    }

    @Test
    void afterAKillTheNextStartReplaysWhatWasCommittedSinceTheCheckpoint() throws Exception {
        Path config = config("{}");
        try (BeaconProcess first = BeaconProcess.start(config, data())) {
            get(first, "/add.aspx?mac=" + tokens.mint("SN-1") + "&dm=cam1&myip=198.51.100.1");
            get(first, "/add.aspx?mac=" + tokens.mint("SN-2") + "&dm=cam2&myip=198.51.100.2");
            first.stop(Duration.ofSeconds(30));
        }
        try (BeaconProcess second = BeaconProcess.start(config, data())) {
            assertThat(get(second, "/update.aspx?mac=" + tokens.mint("SN-1") + "&myip=203.0.113.7")).isEqualTo("09");
            assertThat(get(second, "/add.aspx?mac=" + tokens.mint("SN-3") + "&dm=cam3&myip=203.0.113.8"))
                    .isEqualTo("10|cam3.ddns.test");
            second.kill();
        }
        try (BeaconProcess third = BeaconProcess.start(config, data())) {
            assertThat(third.awaitOutput("restored 2 records from")).contains("then 2 journal entries to 4");
            assertThat(get(third, "/ipcheck.aspx?mac=" + tokens.mint("SN-1"))).isEqualTo("14|203.0.113.7");
            assertThat(Dig.ask(dnsPort(third), "cam1.ddns.test", "A").answer()).singleElement().asString()
                    .endsWith("203.0.113.7");
            assertThat(Dig.ask(dnsPort(third), "cam3.ddns.test", "A").answer()).singleElement().asString()
                    .endsWith("203.0.113.8");
        }
    }

    @Test
    void aRunningServerRewritesTheCheckpointAtTheConfiguredInterval() throws Exception {
        Path config = config("{checkpoint-every: 1s}");
        CheckpointFile file = new CheckpointFile(data().resolve(BeaconServer.CHECKPOINT_FILE));
        try (BeaconProcess beacon = BeaconProcess.start(config, data())) {
            get(beacon, "/add.aspx?mac=" + tokens.mint("SN-1") + "&dm=cam1&myip=198.51.100.1");
            awaitCheckpointAt(file, 1);
            get(beacon, "/update.aspx?mac=" + tokens.mint("SN-1") + "&myip=198.51.100.9");
            awaitCheckpointAt(file, 2);
            assertThat(file.read().records()).singleElement()
                    .satisfies(r -> assertThat(r.addresses().v4Text()).isEqualTo("198.51.100.9"));
        }
    }

    private static void awaitCheckpointAt(CheckpointFile file, long position) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file.path()) && file.read().position() == position) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no checkpoint at journal position " + position + " in " + file.path());
    }

    private Path config(String storage) throws Exception {
        Path config = dir.resolve("beacon.yaml");
        Files.writeString(config, TestServer.in(dir).storage(storage).yaml());
        return config;
    }

    private Path data() {
        return dir.resolve("data");
    }

    private String get(BeaconProcess beacon, String pathAndQuery) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(beacon.base() + pathAndQuery.substring(1)))
                .header("User-Agent", TestServer.USER_AGENT).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int dnsPort(BeaconProcess beacon) throws InterruptedException {
        beacon.awaitOutput("started: ");
        for (String line : beacon.output()) {
            Matcher m = DNS_LISTENER.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("no DNS listener in " + beacon.output());
    }
}
