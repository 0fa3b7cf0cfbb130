package dev.beacon.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.BeaconCommand;
import dev.beacon.testing.BeaconCommand.Run;
import dev.beacon.testing.Dig;
import dev.beacon.testing.LogCapture;
import dev.beacon.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code beacon import} as an operator runs it, then the imported names resolve. */
class ImportIT {

    @TempDir
    Path dir;

    @Test
    void importIsRefusedWhileAServerUsesTheDatabase() throws Exception {
        try (TestServer running = TestServer.in(dir).start()) {
            Path csv = dir.resolve("devices.csv");
            Files.writeString(csv, "device_id,name,ipv4,ipv6\nSN-1,cam1,198.51.100.1,\n");
            Run r = beacon("import", "--config", dir.resolve("beacon.yaml").toString(), "--data",
                    running.dataDir().toString(), "--zone", "ddns.test", csv.toString());
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.err().strip()).startsWith("beacon import: storage failed: ")
                    .contains("in use by another Beacon process");
            assertThat(running.server().registry().snapshot().size()).isZero();
        }
    }

    @Test
    void goodRowsAreImportedAndBadRowsReportedByLineNumber() throws Exception {
        Path config = dir.resolve("beacon.yaml");
        Files.writeString(config, TestServer.in(dir).yaml());
        Path csv = dir.resolve("devices.csv");
        Files.writeString(csv, String.join("\n",
                "device_id,name,ipv4,ipv6",
                "e0469ab81bfc,cam1,198.51.100.1,",
                "SN-2,cam2,,2001:db8::2",
                "SN-3,cam3,198.51.100.3,2001:db8::3",
                "bad\u0001id,cam4,198.51.100.4,",
                "SN-5,www,198.51.100.5,",
                "SN-6,cam6,010.1.1.1,",
                "SN-7,cam7,2001:db8::7,",
                "SN-8,cam1,198.51.100.8,",
                "SN-9,cam9,,",
                "SN-10,cam10,198.51.100.10",
                "\"SN-11,cam11,198.51.100.11,",
                "",
                "SN-2,cam2,,2001:db8::22",
                "E0-46-9A-B8-1B-FC,cam1,198.51.100.1,") + "\n");
        Run r = beacon("import", "--config", config.toString(), "--data", dir.resolve("data").toString(),
                "--zone", "ddns.test", csv.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains("line 5: invalid device id", "line 6: invalid name 'www' (reserved)",
                "line 7: invalid ipv4 '010.1.1.1'", "line 8: invalid ipv4 '2001:db8::7'",
                "line 9: name 'cam1' is held by another device", "line 10: no address",
                "line 11: expected 4 fields", "line 12: expected 4 fields");
        assertThat(r.out()).contains("13 rows in").contains("3 created, 1 updated, 1 unchanged, 8 refused");
        assertThat(r.err()).contains("import: 13 rows read");

        try (TestServer beacon = TestServer.in(dir).start()) {
            assertThat(Dig.ask(beacon.dnsPort(), "cam1.ddns.test", "A").answer())
                    .containsExactly("cam1.ddns.test. 60 IN A 198.51.100.1");
            assertThat(Dig.ask(beacon.dnsPort(), "cam2.ddns.test", "AAAA").answer())
                    .containsExactly("cam2.ddns.test. 60 IN AAAA 2001:db8::22");
            assertThat(Dig.ask(beacon.dnsPort(), "cam6.ddns.test", "A").status()).isEqualTo("NXDOMAIN");
            assertThat(beacon.ipcheck("E0:46:9A:B8:1B:FC")).isEqualTo("14|198.51.100.1");
        }
    }

    @Test
    void aNameWithAnInterfaceIdAndATtlImportsUnderItsAddresssPrefixAndFollowsTheNextOne() throws Exception {
        Path config = dir.resolve("beacon.yaml");
        Files.writeString(config, TestServer.in(dir).policy("{max-names-per-device: 2}").yaml());
        Path csv = dir.resolve("devices.csv");
        Files.writeString(csv, String.join("\n",
                "device_id,name,ipv4,ipv6,fields,txt,ipv6_iid,ttl,records",
                "SN-R,router,198.51.100.1,2001:db8:ffff::1,,,,,",
                "SN-R,host5,198.51.100.1,2001:db8:1:1::5,,,::5/64,300,",
                "SN-6,host6,198.51.100.6,2001:db8:1:1::6,,,2001:db8::6,,",
                "SN-7,host7,198.51.100.7,,,,,5,",
                "SN-8,host8,198.51.100.8,,,,,sixty,",
                "SN-9,host9,198.51.100.9,,,,,,CNAME+cam1.ddns.test.",
                "SN-10,host10,,,,,,,MX+10",
                "SN-11,host11,,,,,,,CNAME+cam1.ddns.test.") + "\n");

        Run r = beacon("import", "--config", config.toString(), "--data", dir.resolve("data").toString(),
                "--zone", "ddns.test", csv.toString());

        assertThat(r.out()).as(r.err()).contains("line 4: invalid ipv6_iid '2001:db8::6'",
                "line 5: invalid ttl '5' (seconds, 60..86400 in this zone, or empty for the zone's)",
                "line 6: invalid ttl 'sixty'", "line 7: a CNAME stands alone: no ipv4, ipv6, txt or MX beside it",
                "line 8: invalid records 'MX+10'").contains("3 created");
        try (TestServer beacon = TestServer.in(dir).policy("{max-names-per-device: 2}").start()) {
            assertThat(beacon.update("SN-R", "myip=198.51.100.1&myipv6prefix=2001:db8:1:2::/64")).isEqualTo("09");
            assertThat(Dig.ask(beacon.dnsPort(), "host5.ddns.test", "AAAA").answer())
                    .containsExactly("host5.ddns.test. 300 IN AAAA 2001:db8:1:2::5");
            assertThat(Dig.ask(beacon.dnsPort(), "router.ddns.test", "AAAA").answer())
                    .containsExactly("router.ddns.test. 60 IN AAAA 2001:db8:ffff::1");
        }
    }

    @Test
    void theNextStartRestoresTheImportedStateFromTheCheckpointTheImportWrote() throws Exception {
        Path config = dir.resolve("beacon.yaml");
        Files.writeString(config, TestServer.in(dir).yaml());
        Path csv = dir.resolve("devices.csv");
        Files.writeString(csv, "device_id,name,ipv4,ipv6\nSN-1,cam1,198.51.100.1,\nSN-2,cam2,198.51.100.2,\n");
        assertThat(beacon("import", "--config", config.toString(), "--data", dir.resolve("data").toString(),
                "--zone", "ddns.test", csv.toString()).status()).isZero();

        try (LogCapture log = LogCapture.of(dev.beacon.server.BeaconServer.class);
                TestServer beacon = TestServer.in(dir).start()) {
            assertThat(log.await("restored 2 records from")).contains("then 0 journal entries");
            assertThat(Dig.ask(beacon.dnsPort(), "cam2.ddns.test", "A").answer())
                    .containsExactly("cam2.ddns.test. 60 IN A 198.51.100.2");
        }
    }

    @Test
    void fileWithoutTheHeaderIsRefusedWholesale() throws Exception {
        Path csv = dir.resolve("devices.csv");
        Files.writeString(csv, "SN-1,cam1,198.51.100.1,\n");
        Run r = beacon("import", "--data", dir.resolve("data").toString(), "--zone", "ddns.test", csv.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).contains("the first line must be the header device_id,name,ipv4,ipv6")
                .doesNotContain("Exception");
    }

    @Test
    void unknownZoneIsRefused() throws Exception {
        Path config = dir.resolve("beacon.yaml");
        Files.writeString(config, TestServer.in(dir).yaml());
        Path csv = dir.resolve("devices.csv");
        Files.writeString(csv, "device_id,name,ipv4,ipv6\n");
        Run r = beacon("import", "--config", config.toString(), "--zone", "other.test", csv.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("beacon import: --zone: other.test is not a configured zone");
    }

    private Run beacon(String... args) throws IOException, InterruptedException {
        return BeaconCommand.run(dir, args);
    }
}
