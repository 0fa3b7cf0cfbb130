package dev.beacon.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.config.BeaconConfig;
import dev.beacon.config.ConfigLoader;
import dev.beacon.config.Overrides;
import dev.beacon.server.BeaconServer;
import dev.beacon.testing.Dig;
import dev.beacon.testing.Secondary;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.ZoneTransferIn;

/**
 * The catalog zone (RFC 9432): it lists every zone, and a Knot or BIND secondary configured with
 * the catalog alone serves them all, and a zone added to Beacon later, with no change to its own
 * configuration.
 */
class CatalogIT {

    private static final String KEY = "xfr-key";
    private static final String CATALOG = "catalog.beacon.invalid";

    @TempDir
    Path dir;

    /** A Beacon on a fixed loopback port serving {@code zones} and the catalog, notifying {@code secondaryPort}. */
    private BeaconServer beacon(int dnsPort, int secondaryPort, List<String> zones) throws Exception {
        String rules = "allow-transfer: [{key: %s, from: 127.0.0.1/32}], notify: [{address: '127.0.0.1:%d', key: %s}]"
                .formatted(KEY, secondaryPort, KEY);
        StringBuilder yaml = new StringBuilder("""
                listen: {http: 127.0.0.1:0, dns: 127.0.0.1:%d, admin: off}
                tsig-keys: [{name: %s, algorithm: hmac-sha256, secret: '%s'}]
                catalog: {zone: %s, %s}
                zones:
                """.formatted(dnsPort, KEY, TransferIT.SECRET, CATALOG, rules));
        for (String zone : zones) {
            yaml.append("  - {name: %s, keys: [{id: %d, secret: '%s'}], %s}\n".formatted(zone, zones.indexOf(zone) + 1,
                    dev.beacon.testing.TestServer.KEY_BASE64, rules));
        }
        Path file = dir.resolve("beacon.yaml");
        Files.writeString(file, yaml);
        BeaconConfig config = ConfigLoader.load(file, new Overrides(null, null, null, null, dir.resolve("data"), null,
                null, null, null, null, false));
        return BeaconServer.start(config, Clock.systemUTC());
    }

    private static long serial(int port, String zone) throws Exception {
        return Long.parseLong(Dig.ask(port, "+short", zone, "SOA").output().trim().split("\\s+")[2]);
    }

    @Test
    void theCatalogListsEachZoneOnceUnderAStableLabel() throws Exception {
        try (BeaconServer beacon = beacon(dev.beacon.testing.FreePort.tcp(), dev.beacon.testing.FreePort.tcp(), List.of("ddns.test", "second.test"))) {
            ZoneTransferIn xfr = ZoneTransferIn.newAXFR(Name.fromConstantString(CATALOG + "."),
                    new InetSocketAddress("127.0.0.1", beacon.dnsAddress().getPort()), TransferIT.key(TransferIT.SECRET));
            xfr.run();
            List<String> records = xfr.getAXFR().stream().map(Record::toString).map(r -> r.replaceAll("\\s+", " "))
                    .collect(Collectors.toList());
            assertThat(records).contains(CATALOG + ". 3600 IN NS invalid.", "version." + CATALOG + ". 0 IN TXT \"2\"",
                    Catalog.uniqueLabel("ddns.test") + ".zones." + CATALOG + ". 0 IN PTR ddns.test.",
                    Catalog.uniqueLabel("second.test") + ".zones." + CATALOG + ". 0 IN PTR second.test.");
            assertThat(records.get(0)).contains(" SOA invalid. invalid. ");
            assertThat(Dig.ask(beacon.dnsAddress().getPort(), CATALOG, "NS").answer())
                    .containsExactly(CATALOG + ". 3600 IN NS invalid.");
            assertThat(Dig.ask(beacon.dnsAddress().getPort(), CATALOG, "SOA").answer()).singleElement().asString()
                    .contains("SOA invalid. invalid. ");
            // Transfer only: names inside the catalog are not looked up (RFC 9432 §6).
            assertThat(Dig.ask(beacon.dnsAddress().getPort(), "version." + CATALOG, "TXT").status()).isEqualTo("REFUSED");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Secondary.Kind.class, names = {"KNOT_CATALOG", "BIND_CATALOG"})
    void aSecondaryFollowingTheCatalogServesEveryZoneAndOneAddedLater(Secondary.Kind kind) throws Exception {
        int dnsPort = dev.beacon.testing.FreePort.tcp();
        try (Secondary secondary = kind.create(dir.resolve("secondary"), KEY, TransferIT.SECRET)) {
            try (BeaconServer beacon = beacon(dnsPort, secondary.port(), List.of("ddns.test", "second.test"))) {
                assertThat(beacon.dnsAddress().getPort()).isEqualTo(dnsPort);
                secondary.start(dnsPort);
                secondary.awaitSerial("ddns.test", serial(dnsPort, "ddns.test"), Duration.ofSeconds(15));
                secondary.awaitSerial("second.test", serial(dnsPort, "second.test"), Duration.ofSeconds(15));
            }
            // The catalog's serial is the start time in seconds: restart in a later second.
            Thread.sleep(1100);
            try (BeaconServer beacon = beacon(dnsPort, secondary.port(), List.of("ddns.test", "second.test", "third.test"))) {
                assertThat(beacon.dnsAddress().getPort()).isEqualTo(dnsPort);
                secondary.awaitSerial("third.test", serial(dnsPort, "third.test"), Duration.ofSeconds(15));
            }
        }
    }
}
