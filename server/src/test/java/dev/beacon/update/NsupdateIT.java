package dev.beacon.update;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.store.AdminToken;
import dev.beacon.testing.AdminClient;
import dev.beacon.testing.Dig;
import dev.beacon.testing.Nsupdate;
import dev.beacon.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 2136 UPDATE from BIND's nsupdate, signed with keys the zone grants a few names and types
 * each, against a real server; every effect checked with dig.
 */
class NsupdateIT {

    static final String CAM1_SECRET = "C0Vf9eudbAv3Ve8+aen2gnnJM2ue1t50c1JzJEipzao=";
    static final String FLEET_SECRET = "/NVNMb1dAm731j4d1VKxQC383OQmVfRGpoQDAUQk/EE=";
    static final String CAM1_KEY = "hmac-sha256:cam1-key:" + CAM1_SECRET;
    static final String FLEET_KEY = "hmac-sha256:fleet-key:" + FLEET_SECRET;

    /** The grants the issue names (cam1's key: cam1 A/AAAA and its challenge's TXT), and a key for every name. */
    static final String GRANTS = """
            allow-update:
              - {key: cam1-key, name: cam1, types: [A, AAAA]}
              - {key: cam1-key, name: _acme-challenge.cam1, types: [TXT]}
              - {key: fleet-key, name: '*', types: [A, AAAA, TXT, CNAME, MX]}
              - {key: fleet-key, name: '_sip._tcp.*', types: [SRV]}
            """;
    static final String KEYS = """
            tsig-keys:
              - {name: cam1-key, algorithm: hmac-sha256, secret: '%s'}
              - {name: fleet-key, algorithm: hmac-sha256, secret: '%s'}
              - {name: other-key, algorithm: hmac-sha256, secret: '%s'}
            """.formatted(CAM1_SECRET, FLEET_SECRET, FLEET_SECRET);

    @TempDir
    Path dir;
    TestServer beacon;

    @BeforeEach
    void start() throws Exception {
        beacon = TestServer.in(dir).zone(GRANTS).extra(KEYS).start();
        assertThat(beacon.add("SN-CAM1", "cam1", "myip=198.51.100.7")).isEqualTo("10|cam1.ddns.test");
        assertThat(beacon.add("SN-CAM2", "cam2", "myip=198.51.100.8")).isEqualTo("10|cam2.ddns.test");
    }

    @AfterEach
    void stop() {
        beacon.close();
    }

    private Nsupdate.Result nsupdate(String key, String script) throws Exception {
        return Nsupdate.run(beacon.dnsPort(), key, false, script);
    }

    private java.util.List<String> dig(String name, String type) throws Exception {
        return Dig.ask(beacon.dnsPort(), name, type).answer();
    }

    @Test
    void aKeyChangesTheAddressOfTheNameItIsGranted() throws Exception {
        Nsupdate.Result r = nsupdate(CAM1_KEY, """
                update delete cam1.ddns.test A
                update add cam1.ddns.test 300 A 192.0.2.10
                """);

        assertThat(r.ok()).as(r.output()).isTrue();
        assertThat(dig("cam1.ddns.test", "A")).containsExactly("cam1.ddns.test. 300 IN A 192.0.2.10");
    }

    @Test
    void anAddedAddressReplacesTheOneTheNameHad() throws Exception {
        assertThat(nsupdate(CAM1_KEY, "update add cam1.ddns.test 60 A 192.0.2.11").ok()).isTrue();

        assertThat(dig("cam1.ddns.test", "A")).containsExactly("cam1.ddns.test. 60 IN A 192.0.2.11");
    }

    @Test
    void anAaaaIsAddedAndDeleted() throws Exception {
        assertThat(nsupdate(CAM1_KEY, "update add cam1.ddns.test 60 AAAA 2001:db8::10").ok()).isTrue();
        assertThat(dig("cam1.ddns.test", "AAAA")).containsExactly("cam1.ddns.test. 60 IN AAAA 2001:db8::10");

        assertThat(nsupdate(CAM1_KEY, "update delete cam1.ddns.test AAAA 2001:db8::10").ok()).isTrue();
        assertThat(dig("cam1.ddns.test", "AAAA")).isEmpty();
        assertThat(dig("cam1.ddns.test", "A")).containsExactly("cam1.ddns.test. 60 IN A 198.51.100.7");
    }

    @Test
    void challengeValuesAreAddedAndEachDeletedOnItsOwn() throws Exception {
        assertThat(nsupdate(CAM1_KEY, """
                update add _acme-challenge.cam1.ddns.test 120 TXT "first-token"
                update add _acme-challenge.cam1.ddns.test 120 TXT "second-token"
                """).ok()).isTrue();
        assertThat(dig("_acme-challenge.cam1.ddns.test", "TXT")).containsExactlyInAnyOrder(
                "_acme-challenge.cam1.ddns.test. 60 IN TXT \"first-token\"",
                "_acme-challenge.cam1.ddns.test. 60 IN TXT \"second-token\"");

        assertThat(nsupdate(CAM1_KEY, "update delete _acme-challenge.cam1.ddns.test TXT \"first-token\"").ok()).isTrue();

        assertThat(dig("_acme-challenge.cam1.ddns.test", "TXT"))
                .containsExactly("_acme-challenge.cam1.ddns.test. 60 IN TXT \"second-token\"");
    }

    @Test
    void e19AKeyIsRefusedAnotherName() throws Exception {
        Nsupdate.Result r = nsupdate(CAM1_KEY, "update add cam2.ddns.test 60 A 192.0.2.66");

        assertThat(r.ok()).isFalse();
        assertThat(r.output()).contains("REFUSED");
        assertThat(dig("cam2.ddns.test", "A")).containsExactly("cam2.ddns.test. 60 IN A 198.51.100.8");
    }

    @Test
    void aRefusalIsLoggedWithTheSenderTheKeyAndWhy() throws Exception {
        try (dev.beacon.testing.LogCapture log = dev.beacon.testing.LogCapture.of(DnsUpdates.class)) {
            nsupdate(CAM1_KEY, "update add cam2.ddns.test 60 A 192.0.2.67");

            assertThat(log.await("REFUSED")).contains("127.0.0.1", "key cam1-key", "may not change A at cam2");
        }
    }

    @Test
    void e19AKeyIsRefusedATypeItIsNotGrantedAtItsOwnName() throws Exception {
        Nsupdate.Result txt = nsupdate(CAM1_KEY, "update add cam1.ddns.test 60 TXT \"not-at-the-name\"");
        Nsupdate.Result mx = nsupdate(CAM1_KEY, "update add cam1.ddns.test 60 MX 10 mail.example.net.");

        assertThat(txt.output()).contains("REFUSED");
        assertThat(mx.output()).contains("REFUSED");
        assertThat(dig("cam1.ddns.test", "TXT")).isEmpty();
        assertThat(dig("cam1.ddns.test", "MX")).isEmpty();
    }

    @Test
    void e19OneRefusedRecordLeavesTheWholeUpdateUndone() throws Exception {
        Nsupdate.Result r = nsupdate(CAM1_KEY, """
                update add cam1.ddns.test 60 A 192.0.2.12
                update add cam2.ddns.test 60 A 192.0.2.13
                """);

        assertThat(r.output()).contains("REFUSED");
        assertThat(dig("cam1.ddns.test", "A")).containsExactly("cam1.ddns.test. 60 IN A 198.51.100.7");
    }

    @Test
    void e19AKeyTheZoneGrantsNothingIsRefused() throws Exception {
        Nsupdate.Result r = nsupdate("hmac-sha256:other-key:" + FLEET_SECRET, "update add cam1.ddns.test 60 A 192.0.2.14");

        assertThat(r.output()).contains("REFUSED");
        assertThat(dig("cam1.ddns.test", "A")).containsExactly("cam1.ddns.test. 60 IN A 198.51.100.7");
    }

    @Test
    void e14AnUnsignedUpdateIsRefused() throws Exception {
        Nsupdate.Result r = nsupdate(null, "update add cam1.ddns.test 60 A 192.0.2.15");

        assertThat(r.output()).contains("REFUSED");
        assertThat(dig("cam1.ddns.test", "A")).containsExactly("cam1.ddns.test. 60 IN A 198.51.100.7");
    }

    @Test
    void e4AnUpdateSignedWithAWrongSecretIsNotAuthenticated() throws Exception {
        Nsupdate.Result r = nsupdate("hmac-sha256:cam1-key:" + FLEET_SECRET, "update add cam1.ddns.test 60 A 192.0.2.16");

        assertThat(r.ok()).isFalse();
        assertThat(r.output()).containsIgnoringCase("tsig");
        assertThat(dig("cam1.ddns.test", "A")).containsExactly("cam1.ddns.test. 60 IN A 198.51.100.7");
    }

    @Test
    void anUpdateOverTcpIsAnsweredToo() throws Exception {
        Nsupdate.Result r = Nsupdate.run(beacon.dnsPort(), CAM1_KEY, true, "update add cam1.ddns.test 60 A 192.0.2.17");

        assertThat(r.ok()).as(r.output()).isTrue();
        assertThat(dig("cam1.ddns.test", "A")).containsExactly("cam1.ddns.test. 60 IN A 192.0.2.17");
    }

    @Test
    void aNameNoDeviceHoldsIsNotCreated() throws Exception {
        Nsupdate.Result r = nsupdate(FLEET_KEY, "update add newname.ddns.test 60 A 192.0.2.18");

        assertThat(r.output()).contains("REFUSED");
        assertThat(Dig.ask(beacon.dnsPort(), "newname.ddns.test", "A").status()).isEqualTo("NXDOMAIN");
    }

    @Test
    void aTtlOutsideTheZonesBoundsIsRefused() throws Exception {
        Nsupdate.Result r = nsupdate(CAM1_KEY, "update add cam1.ddns.test 5 A 192.0.2.19");

        assertThat(r.output()).contains("REFUSED");
        assertThat(dig("cam1.ddns.test", "A")).containsExactly("cam1.ddns.test. 60 IN A 198.51.100.7");
    }

    @Test
    void e18AnUpdateForAZoneNotServedIsNotauth() throws Exception {
        Nsupdate.Result r = nsupdate(CAM1_KEY, """
                zone elsewhere.test
                update add cam1.elsewhere.test 60 A 192.0.2.20
                """);

        assertThat(r.output()).contains("NOTAUTH");
    }

    @Test
    void aPrerequisiteThatHoldsLetsTheUpdateThrough() throws Exception {
        Nsupdate.Result r = nsupdate(CAM1_KEY, """
                prereq yxrrset cam1.ddns.test A 198.51.100.7
                update add cam1.ddns.test 60 A 192.0.2.21
                """);

        assertThat(r.ok()).as(r.output()).isTrue();
        assertThat(dig("cam1.ddns.test", "A")).containsExactly("cam1.ddns.test. 60 IN A 192.0.2.21");
    }

    @Test
    void aValuePrerequisiteThatDiffersIsNxrrset() throws Exception {
        Nsupdate.Result r = nsupdate(CAM1_KEY, """
                prereq yxrrset cam1.ddns.test A 203.0.113.99
                update add cam1.ddns.test 60 A 192.0.2.22
                """);

        assertThat(r.output()).contains("NXRRSET");
        assertThat(dig("cam1.ddns.test", "A")).containsExactly("cam1.ddns.test. 60 IN A 198.51.100.7");
    }

    @Test
    void anRrsetThatShouldNotExistButDoesIsYxrrset() throws Exception {
        assertThat(nsupdate(CAM1_KEY, """
                prereq nxrrset cam1.ddns.test A
                update add cam1.ddns.test 60 A 192.0.2.23
                """).output()).contains("YXRRSET");
    }

    @Test
    void aNameThatShouldNotBeInUseButIsIsYxdomain() throws Exception {
        assertThat(nsupdate(CAM1_KEY, """
                prereq nxdomain cam1.ddns.test
                update add cam1.ddns.test 60 A 192.0.2.24
                """).output()).contains("YXDOMAIN");
    }

    @Test
    void aNameThatShouldBeInUseButIsNotIsNxdomain() throws Exception {
        assertThat(nsupdate(CAM1_KEY, """
                prereq yxdomain nothere.ddns.test
                update add cam1.ddns.test 60 A 192.0.2.25
                """).output()).contains("NXDOMAIN");
        assertThat(dig("cam1.ddns.test", "A")).containsExactly("cam1.ddns.test. 60 IN A 198.51.100.7");
    }

    @Test
    void aCnameIsNotAddedBesideAnAddress() throws Exception {
        Nsupdate.Result r = nsupdate(FLEET_KEY, "update add cam2.ddns.test 60 CNAME cam1.ddns.test.");

        // RFC 2136 §3.4.2.2: ignored, not an error.
        assertThat(r.ok()).as(r.output()).isTrue();
        assertThat(dig("cam2.ddns.test", "CNAME")).isEmpty();
        assertThat(dig("cam2.ddns.test", "A")).containsExactly("cam2.ddns.test. 60 IN A 198.51.100.8");
    }

    @Test
    void aCnameReplacesANameEmptiedInTheSameUpdate() throws Exception {
        Nsupdate.Result r = nsupdate(FLEET_KEY, """
                update delete cam2.ddns.test
                update add cam2.ddns.test 60 CNAME cam1.ddns.test.
                """);

        assertThat(r.ok()).as(r.output()).isTrue();
        assertThat(dig("cam2.ddns.test", "A")).containsExactly("cam2.ddns.test. 60 IN CNAME cam1.ddns.test.",
                "cam1.ddns.test. 60 IN A 198.51.100.7");
    }

    @Test
    void mxAndSrvRecordsAreAddedWhereTheKeyIsGrantedThem() throws Exception {
        Nsupdate.Result r = nsupdate(FLEET_KEY, """
                update add cam2.ddns.test 60 MX 10 mail.example.net.
                update add _sip._tcp.cam2.ddns.test 60 SRV 10 5 5060 cam2.ddns.test.
                """);

        assertThat(r.ok()).as(r.output()).isTrue();
        assertThat(dig("cam2.ddns.test", "MX")).containsExactly("cam2.ddns.test. 60 IN MX 10 mail.example.net.");
        assertThat(dig("_sip._tcp.cam2.ddns.test", "SRV"))
                .containsExactly("_sip._tcp.cam2.ddns.test. 60 IN SRV 10 5 5060 cam2.ddns.test.");
    }

    @Test
    void aGrantTakenOutOfTheFileIsRefusedAfterAReload() throws Exception {
        java.nio.file.Path file = dir.resolve("beacon.yaml");
        String yaml = java.nio.file.Files.readString(file);
        java.nio.file.Files.writeString(file, yaml.replace("{key: cam1-key, name: cam1, types: [A, AAAA]}",
                "{key: cam1-key, name: cam1, types: [AAAA]}"));

        dev.beacon.admin.ConfigReloader.Outcome reload = beacon.server().reload();

        assertThat(reload.applied()).contains("zone keys, masters, policies, fields and update grants");
        assertThat(nsupdate(CAM1_KEY, "update add cam1.ddns.test 60 A 192.0.2.29").output()).contains("REFUSED");
        assertThat(dig("cam1.ddns.test", "A")).containsExactly("cam1.ddns.test. 60 IN A 198.51.100.7");
    }

    @Test
    void aChangedTsigKeyTakesARestart() throws Exception {
        java.nio.file.Path file = dir.resolve("beacon.yaml");
        java.nio.file.Files.writeString(file, java.nio.file.Files.readString(file).replace(
                "{name: other-key, algorithm: hmac-sha256, secret: '" + FLEET_SECRET + "'}",
                "{name: other-key, algorithm: hmac-sha256, secret: '" + CAM1_SECRET + "'}"));

        assertThat(beacon.server().reload().needRestart()).contains("tsig-keys");
    }

    @Test
    void updatesAreCountedByTheirAnswer() throws Exception {
        nsupdate(CAM1_KEY, "update add cam1.ddns.test 60 A 192.0.2.27");
        nsupdate(CAM1_KEY, "update add cam2.ddns.test 60 A 192.0.2.28");

        assertThat(beacon.metric("beacon_dns_updates_total{rcode=\"NOERROR\"")).isEqualTo(1);
        assertThat(beacon.metric("beacon_dns_updates_total{rcode=\"REFUSED\"")).isEqualTo(1);
    }

    @Test
    void aFifthMxIsRefusedAndTheFourBeforeItAreNotKept() throws Exception {
        Nsupdate.Result r = nsupdate(FLEET_KEY, java.util.stream.IntStream.rangeClosed(1, 5)
                .mapToObj(i -> "update add cam2.ddns.test 60 MX " + i + " mx" + i + ".example.net.")
                .collect(java.util.stream.Collectors.joining("\n")));

        assertThat(r.output()).contains("REFUSED");
        assertThat(dig("cam2.ddns.test", "MX")).isEmpty();
    }

    @Test
    void theJournalNamesTheKeyThatMadeTheChange() throws Exception {
        assertThat(nsupdate(CAM1_KEY, "update add cam1.ddns.test 60 A 192.0.2.26").ok()).isTrue();

        AdminClient admin = AdminClient.withNewToken(beacon.server(), "reader", AdminToken.Scope.READ);
        JsonNode latest = admin.get("/api/v1/devices/SN-CAM1").json().path("history").get(0);
        assertThat(latest.path("by").asText()).isEqualTo("rfc2136 key cam1-key");
        assertThat(latest.path("changes").path("ipv4").path("new").asText()).isEqualTo("192.0.2.26");
    }
}
