package dev.beacon.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.Dig;
import dev.beacon.testing.TestServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.ZoneTransferIn;

/** A name's own TTL (ttl=), within the zone's bounds, in every answer and transfer that carries its records. */
class NameTtlIT {

    private static final String CAM = "SN-TTL";

    @TempDir
    Path dir;
    TestServer beacon;

    @BeforeEach
    void start() throws Exception {
        beacon = TestServer.in(dir).policy("{ttl-min: 30, ttl-max: 3600}")
                .zone("allow-transfer: [{from: 127.0.0.0/8}]").start();
        assertThat(beacon.add(CAM, "cam1", "myip=198.51.100.7,2001:db8::7&ttl=300")).isEqualTo("10|cam1.ddns.test");
    }

    @AfterEach
    void stop() {
        beacon.close();
    }

    private List<String> answer(String name, String type) throws Exception {
        return Dig.ask(beacon.dnsPort(), name, type).answer();
    }

    @Test
    void theNamesAddressesAreAnsweredWithItsTtl() throws Exception {
        assertThat(answer("cam1.ddns.test", "A")).containsExactly("cam1.ddns.test. 300 IN A 198.51.100.7");
        assertThat(answer("cam1.ddns.test", "AAAA")).containsExactly("cam1.ddns.test. 300 IN AAAA 2001:db8::7");
    }

    @Test
    void itsTxtValuesTooAtTheNameAndItsAcmeChallenge() throws Exception {
        String secret = beacon.deviceSecret(CAM);
        assertThat(beacon.get("/update?domains=cam1&token=" + secret + "&txt=challenge-value").body()).isEqualTo("OK");

        assertThat(answer("cam1.ddns.test", "TXT")).containsExactly("cam1.ddns.test. 300 IN TXT \"challenge-value\"");
        assertThat(answer("_acme-challenge.cam1.ddns.test", "TXT"))
                .containsExactly("_acme-challenge.cam1.ddns.test. 300 IN TXT \"challenge-value\"");
    }

    @Test
    void anUpdateWithoutTtlKeepsItAndAnEmptyOneGivesTheZonesBack() throws Exception {
        assertThat(beacon.update(CAM, "myip=198.51.100.8")).isEqualTo("09");
        assertThat(answer("cam1.ddns.test", "A")).containsExactly("cam1.ddns.test. 300 IN A 198.51.100.8");

        assertThat(beacon.update(CAM, "myip=198.51.100.8&ttl=")).isEqualTo("09");
        assertThat(answer("cam1.ddns.test", "A")).containsExactly("cam1.ddns.test. 60 IN A 198.51.100.8");
    }

    @Test
    void theSameTtlAgainIs08() throws Exception {
        assertThat(beacon.update(CAM, "myip=198.51.100.7,2001:db8::7&ttl=300")).isEqualTo("08");
    }

    @Test
    void aTtlOutsideTheZonesBoundsOrMalformedIs05AndChangesNothing() throws Exception {
        for (String bad : List.of("ttl=29", "ttl=3601", "ttl=-60", "ttl=1e3", "ttl=sixty", "ttl=60&ttl=60")) {
            assertThat(beacon.update(CAM, "myip=198.51.100.9&" + bad)).as(bad).isEqualTo("05|ttl");
        }
        assertThat(answer("cam1.ddns.test", "A")).containsExactly("cam1.ddns.test. 300 IN A 198.51.100.7");
    }

    @Test
    void theBoundsThemselvesAreAllowed() throws Exception {
        assertThat(beacon.update(CAM, "ttl=30")).isEqualTo("09");
        assertThat(answer("cam1.ddns.test", "A")).singleElement().asString().startsWith("cam1.ddns.test. 30 IN A");
        assertThat(beacon.update(CAM, "ttl=3600")).isEqualTo("09");
        assertThat(answer("cam1.ddns.test", "A")).singleElement().asString().startsWith("cam1.ddns.test. 3600 IN A");
    }

    @Test
    void axfrCarriesTheNamesTtl() throws Exception {
        Dig.Answer axfr = Dig.ask(beacon.dnsPort(), "ddns.test", "AXFR");

        assertThat(axfr.output().replaceAll("[ \t]+", " ")).contains("cam1.ddns.test. 300 IN A 198.51.100.7")
                .contains("cam1.ddns.test. 300 IN AAAA 2001:db8::7");
    }

    @Test
    void aTtlChangeReachesSecondariesAsAnIxfrDelta() throws Exception {
        long before = serial();

        assertThat(beacon.update(CAM, "myip=198.51.100.7,2001:db8::7&ttl=600")).isEqualTo("09");

        ZoneTransferIn xfr = ZoneTransferIn.newIXFR(Name.fromConstantString("ddns.test."), before, false,
                new InetSocketAddress("127.0.0.1", beacon.dnsPort()), null);
        xfr.setTimeout(Duration.ofSeconds(10));
        xfr.run();
        assertThat(xfr.isIXFR()).isTrue();
        ZoneTransferIn.Delta delta = xfr.getIXFR().get(0);
        assertThat(text(delta.deletes)).filteredOn(l -> l.contains(" IN A "))
                .containsExactly("cam1.ddns.test. 300 IN A 198.51.100.7");
        assertThat(text(delta.adds)).filteredOn(l -> l.contains(" IN A "))
                .containsExactly("cam1.ddns.test. 600 IN A 198.51.100.7");
    }

    private static List<String> text(List<Record> records) {
        return records.stream().map(r -> r.toString().replaceAll("\\s+", " ")).toList();
    }

    private long serial() throws Exception {
        String soa = answer("ddns.test", "SOA").get(0);
        return Long.parseLong(soa.split(" ")[6]);
    }
}
