package dev.beacon.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/ADMIN.md: every metric it names is scraped, Prometheus accepts its config and rules, its curl examples run, its images exist. */
class AdminDocIT {

    private static final Path DOC = Path.of("..", "docs", "ADMIN.md");

    @TempDir
    Path dir;

    private static List<String> yamlBlocks() throws Exception {
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```yaml\n(.*?)```\n", Pattern.DOTALL).matcher(Files.readString(DOC));
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    private static String promtool(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void everyBeaconMetricTheDocNamesIsScraped() throws Exception {
        List<String> named = new ArrayList<>();
        Matcher m = Pattern.compile("\\| `(beacon_[a-z_]+)(\\{[a-z,]+\\})?` \\|").matcher(Files.readString(DOC));
        while (m.find()) {
            named.add(m.group(1));
        }
        assertThat(named).hasSizeGreaterThanOrEqualTo(26);
        try (dev.beacon.testing.WebhookReceiver receiver = new dev.beacon.testing.WebhookReceiver();
                TestServer beacon = TestServer.in(dir).zone("webhooks: [{url: '" + receiver.url()
                        + "', secret: '0123456789abcdef'}]").start()) {
            beacon.add("SN-1", "cam1", "myip=198.51.100.1");
            receiver.await(1, java.time.Duration.ofSeconds(10));
            URI uri = URI.create("http://127.0.0.1:" + beacon.server().adminAddress().getPort() + "/metrics");
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (String metric : named) {
                assertThat(body).as(metric).containsPattern("(?m)^" + metric + "(_bucket|_count)?[{ ]");
            }
            // Every family at once, webhooks and histograms included, as Prometheus would read it.
            Files.writeString(dir.resolve("scrape.txt"), body);
            Process lint = new ProcessBuilder("promtool", "check", "metrics").redirectInput(dir.resolve("scrape.txt").toFile())
                    .redirectErrorStream(true).start();
            String out = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(lint.waitFor()).as(out).isZero();
        }
    }

    @Test
    void prometheusAcceptsTheScrapeConfigAndTheAlertRules() throws Exception {
        List<String> blocks = yamlBlocks();
        assertThat(blocks).hasSize(2);
        Files.writeString(dir.resolve("prometheus.yml"), blocks.get(0));
        Files.writeString(dir.resolve("beacon-rules.yml"), blocks.get(1));
        assertThat(promtool(dir, "check", "rules", "beacon-rules.yml")).contains("SUCCESS: 2 rules found");
        assertThat(promtool(dir, "check", "config", "prometheus.yml")).contains("SUCCESS");
    }

    /** The shell lines of the doc's sh blocks that call curl, in order. */
    private static List<String> curlLines() throws Exception {
        List<String> lines = new ArrayList<>();
        Matcher m = Pattern.compile("```sh\n(.*?)```\n", Pattern.DOTALL).matcher(Files.readString(DOC));
        while (m.find()) {
            m.group(1).lines().filter(l -> l.startsWith("curl ")).forEach(lines::add);
        }
        return lines;
    }

    @Test
    void everyCurlExampleRunsAsWrittenAgainstARunningServer() throws Exception {
        List<String> examples = curlLines();
        assertThat(examples).hasSizeGreaterThanOrEqualTo(11);
        try (TestServer beacon = TestServer.in(dir).policy("{operator-tokens: true}").start()) {
            beacon.add("00:11:22:33:44:55", "cam1", "myip=198.51.100.7");
            String token = dev.beacon.testing.AdminClient.newToken(beacon.server(), "alice",
                    dev.beacon.store.AdminToken.Scope.WRITE);
            for (String example : examples) {
                ProcessBuilder pb = new ProcessBuilder("bash", "-c", example).redirectErrorStream(true);
                pb.environment().put("BEACON", "http://127.0.0.1:" + beacon.server().adminAddress().getPort());
                pb.environment().put("TOKEN", token);
                Process p = pb.start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor()).as(example + "\n" + out).isZero();
                assertThat(out).as(example).isNotBlank();
            }
        }
    }

    @Test
    void everyImageTheDocShowsIsInTheRepository() throws Exception {
        Matcher m = Pattern.compile("!\\[[^]]*]\\((images/[^)]+)\\)").matcher(Files.readString(DOC));
        List<String> images = new ArrayList<>();
        while (m.find()) {
            images.add(m.group(1));
        }
        assertThat(images).contains("images/console-overview.png", "images/console-device.png");
        for (String image : images) {
            Path file = DOC.resolveSibling(image);
            assertThat(file).as(image).isRegularFile();
            assertThat(Files.readAllBytes(file)).as(image + " is a PNG").startsWith(0x89, 'P', 'N', 'G');
        }
    }
}
