package dev.beacon.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.config.BeaconConfig;
import dev.beacon.config.ConfigLoader;
import dev.beacon.config.Overrides;
import dev.beacon.ip.IpLiteral;
import dev.beacon.testing.Secondary;
import dev.beacon.zone.ZoneTransfer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** docs/OPERATIONS.md's hidden-primary section: its Beacon config runs, its secondary configs are the tested ones. */
class HiddenPrimaryDocIT {

    private static final Path DOC = Path.of("..", "docs", "OPERATIONS.md");

    @TempDir
    Path dir;

    private static String section() throws Exception {
        String doc = Files.readString(DOC);
        int start = doc.indexOf("## Hidden primary with BIND, Knot or NSD secondaries");
        return doc.substring(start, doc.indexOf("\n## ", start + 3));
    }

    @Test
    void theBeaconConfigOfTheSectionAdmitsAndNotifiesTheSecondaries() throws Exception {
        String section = section();
        int start = section.indexOf("```yaml\n") + "```yaml\n".length();
        Path file = dir.resolve("beacon.yaml");
        Files.writeString(file, section.substring(start, section.indexOf("```\n", start)));
        BeaconConfig config = ConfigLoader.load(file, new Overrides(null, "127.0.0.1:0", null, "127.0.0.1:0",
                dir.resolve("data"), null, null, null, null, null, false));
        ZoneTransfer transfer = config.zones().get(0).transfer();
        assertThat(transfer.admits(config.tsigKeys().find("xfr-key"), IpLiteral.parse("203.0.113.2"))).isTrue();
        assertThat(transfer.admits(null, IpLiteral.parse("203.0.113.2"))).isFalse();
        // Loaded, not started: a running server would send its NOTIFYs to those addresses.
        assertThat(transfer.notifyTo()).extracting(n -> n.address().getHostString())
                .containsExactly("203.0.113.2", "203.0.113.3");
    }

    @ParameterizedTest
    @EnumSource(Secondary.Kind.class)
    void theSecondaryConfigShownIsTheOneTheTestsRun(Secondary.Kind kind) throws Exception {
        assertThat(section()).contains("```\n" + kind.template() + "```\n");
    }
}
