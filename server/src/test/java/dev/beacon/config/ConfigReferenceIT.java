package dev.beacon.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.server.BeaconServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference block of docs/CONFIG.md is a config file that starts a server as written. */
class ConfigReferenceIT {

    private static final Path DOC = Path.of("..", "docs", "CONFIG.md");

    @TempDir
    Path dir;

    @Test
    void theReferenceBlockOfConfigMdStartsAServerAsWritten() throws Exception {
        Path file = dir.resolve("beacon.yaml");
        Files.writeString(file, referenceBlock());
        // Only the ports change, through the command line: tests never bind fixed ports.
        BeaconConfig config = ConfigLoader.load(file, new Overrides(null, "127.0.0.1:0", null, "127.0.0.1:0", null, null,
                null, null, null, null, false).withAdmin("127.0.0.1:0"));
        assertThat(config.https()).isNull();
        assertThat(config.tls()).isNull();
        assertThat(config.zones()).hasSize(1);
        try (BeaconServer server = BeaconServer.start(config, Clock.systemUTC())) {
            assertThat(server.httpAddress().getPort()).isPositive();
            assertThat(server.dnsAddress().getPort()).isPositive();
            assertThat(server.adminAddress().getPort()).isPositive();
            assertThat(dir.resolve("data/device.key")).exists();
        }
    }

    @Test
    void everyTopLevelKeyTheLoaderKnowsIsInTheReference() throws Exception {
        String block = referenceBlock();
        for (String key : new String[] {"dev:", "listen:", "tls:", "storage:", "tokens:", "flood:", "http:", "dns:",
            "logging:", "trusted-proxies:", "rewrites:", "tsig-keys:", "zones:"}) {
            assertThat(block).as(key).containsPattern("(?m)^" + key);
        }
    }

    private static String referenceBlock() throws Exception {
        String doc = Files.readString(DOC);
        int heading = doc.indexOf("## Reference");
        int start = doc.indexOf("```yaml\n", heading) + "```yaml\n".length();
        int end = doc.indexOf("```\n", start);
        return doc.substring(start, end);
    }
}
