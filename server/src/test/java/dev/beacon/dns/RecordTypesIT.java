package dev.beacon.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.Dig;
import dev.beacon.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CNAME, MX, SRV and TLSA records set through the device API, as the real dig sees them and as AXFR carries them. */
class RecordTypesIT {

    @TempDir
    Path dir;
    TestServer beacon;

    @BeforeEach
    void start() throws Exception {
        beacon = TestServer.in(dir).zone("allow-transfer: [{from: 127.0.0.0/8}]").start();
        assertThat(beacon.add("SN-MAIL", "mail1", "myip=198.51.100.25,2001:db8::25")).isEqualTo("10|mail1.ddns.test");
        assertThat(beacon.add("SN-CAM", "cam1", "myip=198.51.100.7&mx=10+mail1.ddns.test,20+backup.example.net"))
                .isEqualTo("10|cam1.ddns.test");
        assertThat(beacon.add("SN-ALIAS", "alias", "cname=cam1.ddns.test")).isEqualTo("10|alias.ddns.test");
    }

    @AfterEach
    void stop() {
        beacon.close();
    }

    private Dig.Answer dig(String name, String type) throws Exception {
        return Dig.ask(beacon.dnsPort(), name, type);
    }

    @Test
    void mxIsAnsweredWithTheInZoneExchangesAddressesInTheAdditionalSection() throws Exception {
        Dig.Answer mx = dig("cam1.ddns.test", "MX");

        assertThat(mx.status()).isEqualTo("NOERROR");
        assertThat(mx.answer()).containsExactly("cam1.ddns.test. 60 IN MX 10 mail1.ddns.test.",
                "cam1.ddns.test. 60 IN MX 20 backup.example.net.");
        assertThat(mx.additional()).containsExactly("mail1.ddns.test. 60 IN A 198.51.100.25",
                "mail1.ddns.test. 60 IN AAAA 2001:db8::25");
    }

    @Test
    void theNameWithAnMxKeepsItsAddress() throws Exception {
        assertThat(dig("cam1.ddns.test", "A").answer()).containsExactly("cam1.ddns.test. 60 IN A 198.51.100.7");
    }

    @Test
    void aCnameAnswersEveryTypeAndAnInZoneTargetsAddressFollows() throws Exception {
        assertThat(dig("alias.ddns.test", "A").answer()).containsExactly("alias.ddns.test. 60 IN CNAME cam1.ddns.test.",
                "cam1.ddns.test. 60 IN A 198.51.100.7");
        assertThat(dig("alias.ddns.test", "CNAME").answer()).containsExactly("alias.ddns.test. 60 IN CNAME cam1.ddns.test.");
        assertThat(dig("alias.ddns.test", "TXT").answer()).containsExactly("alias.ddns.test. 60 IN CNAME cam1.ddns.test.");
        assertThat(dig("alias.ddns.test", "AAAA").answer()).containsExactly("alias.ddns.test. 60 IN CNAME cam1.ddns.test.");
    }

    @Test
    void aCnameStandsAloneAndTheDevicesUpdatesDoNotGiveItAnAddress() throws Exception {
        assertThat(beacon.update("SN-ALIAS", "")).isEqualTo("08");
        assertThat(beacon.update("SN-ALIAS", "myip=198.51.100.99&cname=cam1.ddns.test")).isEqualTo("05|cname");

        assertThat(dig("alias.ddns.test", "A").answer()).first().asString().contains("CNAME");
    }

    @Test
    void removingTheCnameGivesTheNameTheRequestsAddress() throws Exception {
        assertThat(beacon.update("SN-ALIAS", "cname=&myip=198.51.100.8")).isEqualTo("09");

        assertThat(dig("alias.ddns.test", "A").answer()).containsExactly("alias.ddns.test. 60 IN A 198.51.100.8");
    }

    @Test
    void settingACnameOnANameWithAnAddressReplacesIt() throws Exception {
        assertThat(beacon.update("SN-CAM", "cname=edge.example.net&myip=")).isEqualTo("09");

        assertThat(dig("cam1.ddns.test", "A").answer()).containsExactly("cam1.ddns.test. 60 IN CNAME edge.example.net.");
        assertThat(dig("cam1.ddns.test", "MX").answer()).containsExactly("cam1.ddns.test. 60 IN CNAME edge.example.net.");
    }

    @Test
    void malformedRecordsAre05AndChangeNothing() throws Exception {
        assertThat(beacon.update("SN-CAM", "myip=198.51.100.7&mx=70000+mail1.ddns.test")).isEqualTo("05|mx");
        assertThat(beacon.update("SN-CAM", "myip=198.51.100.7&cname=not_a_host.example")).isEqualTo("05|cname");

        assertThat(dig("cam1.ddns.test", "MX").answer()).hasSize(2);
    }

    @Test
    void anEmptyMxRemovesThemAndTheNameAnswersNoData() throws Exception {
        assertThat(beacon.update("SN-CAM", "myip=198.51.100.7&mx=")).isEqualTo("09");

        Dig.Answer mx = dig("cam1.ddns.test", "MX");
        assertThat(mx.status()).isEqualTo("NOERROR");
        assertThat(mx.answer()).isEmpty();
    }

    @Test
    void srvIsAnsweredUnderTheNameWithAnInZoneTargetsAddresses() throws Exception {
        assertThat(beacon.update("SN-CAM", "myip=198.51.100.7&srv=_sip._tcp+10+5+5060+mail1.ddns.test,"
                + "_sip._tcp+20+5+5060+sip.example.net")).isEqualTo("09");

        Dig.Answer srv = dig("_sip._tcp.cam1.ddns.test", "SRV");

        assertThat(srv.answer()).containsExactly("_sip._tcp.cam1.ddns.test. 60 IN SRV 10 5 5060 mail1.ddns.test.",
                "_sip._tcp.cam1.ddns.test. 60 IN SRV 20 5 5060 sip.example.net.");
        assertThat(srv.additional()).containsExactly("mail1.ddns.test. 60 IN A 198.51.100.25",
                "mail1.ddns.test. 60 IN AAAA 2001:db8::25");
    }

    @Test
    void tlsaIsAnsweredUnderTheName() throws Exception {
        // dig writes long hex in groups; a short full-data record reads back in one.
        assertThat(beacon.update("SN-CAM", "myip=198.51.100.7&tlsa=_443._tcp+3+0+0+0102abcdef")).isEqualTo("09");

        assertThat(dig("_443._tcp.cam1.ddns.test", "TLSA").answer())
                .containsExactly("_443._tcp.cam1.ddns.test. 60 IN TLSA 3 0 0 0102ABCDEF");
    }

    @Test
    void namesUnderADeviceNameExistOnlyWhereItsRecordsAre() throws Exception {
        beacon.update("SN-CAM", "myip=198.51.100.7&srv=_sip._tcp+10+5+5060+sip.example.net");

        assertThat(dig("_sip._tcp.cam1.ddns.test", "A").status()).as("a name with other data").isEqualTo("NOERROR");
        assertThat(dig("_sip._tcp.cam1.ddns.test", "A").answer()).isEmpty();
        assertThat(dig("_tcp.cam1.ddns.test", "SRV").status()).as("an empty non-terminal").isEqualTo("NOERROR");
        assertThat(dig("_xmpp._tcp.cam1.ddns.test", "SRV").status()).isEqualTo("NXDOMAIN");
        assertThat(dig("_sip._tcp.nobody.ddns.test", "SRV").status()).isEqualTo("NXDOMAIN");
    }

    @Test
    void aCnameAtTheNameKeepsTheRecordsBelowIt() throws Exception {
        beacon.update("SN-CAM", "myip=198.51.100.7&srv=_sip._tcp+10+5+5060+sip.example.net");

        assertThat(beacon.update("SN-CAM", "cname=edge.example.net&myip=")).isEqualTo("09");

        assertThat(dig("_sip._tcp.cam1.ddns.test", "SRV").answer()).hasSize(1);
        assertThat(dig("cam1.ddns.test", "MX").answer()).containsExactly("cam1.ddns.test. 60 IN CNAME edge.example.net.");
    }

    @Test
    void axfrCarriesSrvAndTlsaUnderTheName() throws Exception {
        beacon.update("SN-CAM", "myip=198.51.100.7&srv=_sip._tcp+10+5+5060+sip.example.net&tlsa=_443._tcp+3+0+0+0102abcdef");

        String axfr = dig("ddns.test", "AXFR").output().replaceAll("[ \\t]+", " ");

        assertThat(axfr).contains("_sip._tcp.cam1.ddns.test. 60 IN SRV 10 5 5060 sip.example.net.",
                "_443._tcp.cam1.ddns.test. 60 IN TLSA 3 0 0 0102ABCDEF");
    }

    @Test
    void axfrCarriesThem() throws Exception {
        String axfr = dig("ddns.test", "AXFR").output().replaceAll("[ \\t]+", " ");

        assertThat(axfr).contains("cam1.ddns.test. 60 IN MX 10 mail1.ddns.test.",
                "cam1.ddns.test. 60 IN MX 20 backup.example.net.", "alias.ddns.test. 60 IN CNAME cam1.ddns.test.");
    }
}
