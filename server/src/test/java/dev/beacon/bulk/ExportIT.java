package dev.beacon.bulk;

import static dev.beacon.testing.Tool.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.BeaconCommand;
import dev.beacon.testing.BeaconCommand.Run;
import dev.beacon.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code beacon export} as an operator runs it: the CSV goes back in through {@code beacon import}
 * unchanged (custom fields and TXT values included), and the master file is one BIND and Knot read.
 */
class ExportIT {

    @TempDir
    Path dir;
    private Path config;

    @BeforeEach
    void aZoneWithFieldsAndTxtValues() throws Exception {
        config = dir.resolve("beacon.yaml");
        Files.writeString(config, TestServer.in(dir).zone("ns: [{name: ns1.ddns.test, a: 192.0.2.53}, ns2.provider.example]")
                .yaml());
        try (TestServer beacon = TestServer.in(dir).zone("ns: [{name: ns1.ddns.test, a: 192.0.2.53}, ns2.provider.example]")
                .start()) {
            beacon.add("E0:46:9A:B8:1B:FC", "cam1", "myip=198.51.100.7,2001:db8::7&port=8080&fw=1.0.3%20beta");
            beacon.add("SN-2", "cam2", "myip=2001:db8::2");
            beacon.add("SN-3", "acme", "myip=198.51.100.3&fw=a%26b%3Dc");
            beacon.add("SN-4", "host5", "myip=198.51.100.4&ipv6iid=::5/56&myipv6prefix=2001:db8:1:ab00::/56&ttl=300");
            beacon.add("SN-5", "mailer", "myip=198.51.100.5&mx=10+cam1.ddns.test,20+mx.example.net");
            beacon.add("SN-6", "alias", "cname=cam1.ddns.test");
            beacon.add("SN-7", "phone", "myip=198.51.100.70&srv=_sip._tcp+10+5+5060+phone.ddns.test&tlsa=_443._tcp+3+1+1+"
                    + "ab".repeat(32));
            String secret = beacon.deviceSecret("SN-3");
            assertThat(beacon.get("/update?domains=acme&token=" + secret + "&txt=tok%22en-1").body()).isEqualTo("OK");
            assertThat(beacon.get("/update?domains=acme&token=" + secret + "&txt=token,two").body()).isEqualTo("OK");
        }
    }

    @Test
    void anExportImportedIntoAFreshDatabaseExportsTheSameBytes() throws Exception {
        Run first = beacon("export", "--config", config.toString(), "--zone", "ddns.test");
        assertThat(first.status()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("device_id,name,ipv4,ipv6,fields,txt,ipv6_iid,ttl,records\n")
                .contains("E0:46:9A:B8:1B:FC,cam1,198.51.100.7,2001:db8::7,fw=1.0.3+beta&port=8080,,,,\n")
                .contains("SN-3,acme,198.51.100.3,,fw=a%26b%3Dc,tok%22en-1&token%2Ctwo,,,\n")
                .contains("SN-4,host5,198.51.100.4,2001:db8:1:ab00::5,,,::5/56,300,\n")
                .contains("SN-5,mailer,198.51.100.5,,,,,,MX+10+cam1.ddns.test.&MX+20+mx.example.net.\n")
                .contains("SN-6,alias,,,,,,,CNAME+cam1.ddns.test.\n");
        Path csv = dir.resolve("devices.csv");
        Files.writeString(csv, first.out());

        Path fresh = dir.resolve("fresh");
        Run imported = beacon("import", "--config", config.toString(), "--data", fresh.toString(), "--zone", "ddns.test",
                csv.toString());
        assertThat(imported.status()).as(imported.out() + imported.err()).isZero();
        assertThat(imported.out()).contains("7 created");
        Run second = beacon("export", "--config", config.toString(), "--data", fresh.toString(), "--zone", "ddns.test");
        assertThat(second.out()).isEqualTo(first.out());

        Run again = beacon("import", "--config", config.toString(), "--data", fresh.toString(), "--zone", "ddns.test",
                csv.toString());
        assertThat(again.out()).as("importing the same file twice changes nothing").contains("7 unchanged");
    }

    @Test
    void theZoneExportIsAMasterFileNamedCheckzoneAndKzonecheckAccept() throws Exception {
        Run export = beacon("export", "--config", config.toString(), "--zone", "ddns.test", "--format", "zone");
        assertThat(export.status()).as(export.err()).isZero();
        Path file = dir.resolve("ddns.test.zone");
        Files.writeString(file, export.out());
        assertThat(export.out()).contains("cam1\t60\tIN\tA\t198.51.100.7", "_acme-challenge.acme\t60\tIN\tTXT\t\"tok\\\"en-1\"",
                "mailer\t60\tIN\tMX\t10 cam1.ddns.test.", "alias\t60\tIN\tCNAME\tcam1.ddns.test.",
                "_sip._tcp.phone\t60\tIN\tSRV\t10 5 5060 phone.ddns.test.", "_443._tcp.phone\t60\tIN\tTLSA\t3 1 1 " + "ab".repeat(32),
                "ns1\t3600\tIN\tA\t192.0.2.53");

        String bind = run("named-checkzone", "ddns.test", file.toString());
        assertThat(bind).contains("loaded serial").endsWith("OK\n");
        String knot = run("kzonecheck", "-o", "ddns.test", file.toString());
        assertThat(knot).doesNotContain("error");
    }

    @Test
    void exportingAZoneThatIsNotConfiguredSaysSo() throws Exception {
        Run r = beacon("export", "--config", config.toString(), "--zone", "other.test");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("beacon export: --zone: other.test is not a configured zone");
    }

    private Run beacon(String... args) throws Exception {
        return BeaconCommand.run(dir, args);
    }
}
