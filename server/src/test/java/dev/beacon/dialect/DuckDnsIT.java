package dev.beacon.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.Dig;
import dev.beacon.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DuckDNS dialect, as scripts written for DuckDNS call it. */
class DuckDnsIT {

    private static final String CAM = "E0:46:9A:B8:1B:FC";

    @TempDir
    Path dir;
    TestServer beacon;
    String token;

    @BeforeEach
    void start() throws Exception {
        beacon = TestServer.in(dir).policy("{allow-static-tokens: true, max-names-per-device: 2}").start();
        token = beacon.staticToken(CAM);
        beacon.add(CAM, "cam1", "myip=198.51.100.1");
        beacon.body("/add.aspx?mac=" + beacon.token(CAM) + "&dm=cam2&myip=198.51.100.1");
        beacon.add("SN-OTHER", "other", "myip=198.51.100.9");
    }

    @AfterEach
    void stop() {
        beacon.close();
    }

    @Test
    void updateByQueryAnswersOk() throws Exception {
        assertThat(beacon.body("/update?domains=cam1&token=" + token + "&ip=203.0.113.5")).isEqualTo("OK");
        assertThat(Dig.ask(beacon.dnsPort(), "cam1.ddns.test", "A").answer())
                .containsExactly("cam1.ddns.test. 60 IN A 203.0.113.5");
    }

    @Test
    void verboseSaysWhatItSetAndWhetherItChanged() throws Exception {
        assertThat(beacon.body("/update?domains=cam1.ddns.test&token=" + token + "&ip=203.0.113.5&ipv6=2001:db8::5&verbose=true"))
                .isEqualTo("OK\n203.0.113.5\n2001:db8::5\nUPDATED");
        assertThat(beacon.body("/update?domains=cam1&token=" + token + "&ip=203.0.113.5&ipv6=2001:db8::5&verbose=true"))
                .isEqualTo("OK\n203.0.113.5\n2001:db8::5\nNOCHANGE");
    }

    @Test
    void blankIpMeansTheClientsAddress() throws Exception {
        assertThat(beacon.body("/update?domains=cam1&token=" + token + "&ip=&verbose=true"))
                .isEqualTo("OK\n127.0.0.1\n\nUPDATED");
    }

    @Test
    void pathFormWorks() throws Exception {
        assertThat(beacon.body("/update/cam1/" + token + "/203.0.113.8")).isEqualTo("OK");
        assertThat(beacon.ipcheck(CAM)).isEqualTo("14|203.0.113.8");
        assertThat(beacon.body("/update/cam2/" + token)).isEqualTo("OK");
    }

    @Test
    void severalDomainsAtOnce() throws Exception {
        assertThat(beacon.body("/update?domains=cam1,cam2&token=" + token + "&ip=203.0.113.9")).isEqualTo("OK");
        assertThat(Dig.ask(beacon.dnsPort(), "cam2.ddns.test", "A").answer())
                .containsExactly("cam2.ddns.test. 60 IN A 203.0.113.9");
    }

    @Test
    void anyDomainNotTheDevicesMakesItKoAndChangesNothing() throws Exception {
        assertThat(beacon.body("/update?domains=cam1,other&token=" + token + "&ip=203.0.113.9")).isEqualTo("KO");
        assertThat(beacon.ipcheck(CAM)).isEqualTo("14|198.51.100.1");
    }

    @Test
    void badTokenOrMissingFieldsAreKo() throws Exception {
        assertThat(beacon.body("/update?domains=cam1&token=nope")).isEqualTo("KO");
        assertThat(beacon.body("/update?domains=cam1")).isEqualTo("KO");
        assertThat(beacon.body("/update?token=" + token)).isEqualTo("KO");
        assertThat(beacon.body("/update?domains=cam1&token=" + token + "&ip=999.1.1.1")).isEqualTo("KO");
    }

    @Test
    void txtValuesForANameAndItsWildcardAreServedTogetherThenCleared() throws Exception {
        assertThat(beacon.body("/update?domains=cam1&token=" + token + "&txt=first-challenge&verbose=true"))
                .isEqualTo("OK\nfirst-challenge\nUPDATED");
        assertThat(beacon.body("/update?domains=cam1&token=" + token + "&txt=second-challenge")).isEqualTo("OK");
        assertThat(Dig.ask(beacon.dnsPort(), "_acme-challenge.cam1.ddns.test", "TXT").answer()).containsExactly(
                "_acme-challenge.cam1.ddns.test. 60 IN TXT \"first-challenge\"",
                "_acme-challenge.cam1.ddns.test. 60 IN TXT \"second-challenge\"");
        assertThat(Dig.ask(beacon.dnsPort(), "cam1.ddns.test", "TXT").answer()).hasSize(2);
        assertThat(beacon.ipcheck(CAM)).isEqualTo("14|198.51.100.1");
        assertThat(beacon.body("/update?domains=cam1&token=" + token + "&txt=removed&clear=true")).isEqualTo("OK");
        assertThat(Dig.ask(beacon.dnsPort(), "_acme-challenge.cam1.ddns.test", "TXT").status()).isEqualTo("NXDOMAIN");
    }

    @Test
    void h5ATxtAnswerStaysWithinAFewTimesItsQueryHoweverManyLongValuesADeviceSends() throws Exception {
        for (int i = 0; i < 4; i++) {
            String value = Character.toString('a' + i).repeat(255);
            assertThat(beacon.body("/update?domains=cam1&token=" + token + "&txt=" + value)).isEqualTo("OK");
        }
        Dig.Answer a = Dig.ask(beacon.dnsPort(), "cam1.ddns.test", "TXT", "+noedns");
        java.util.regex.Matcher size = java.util.regex.Pattern.compile("MSG SIZE\\s+rcvd: (\\d+)").matcher(a.output());
        assertThat(size.find()).as(a.output()).isTrue();
        // The query is 32 bytes. The one 255-character value that fits answers with 300; the
        // four values once kept answered with about 1,100.
        assertThat(Integer.parseInt(size.group(1))).isLessThan(10 * 32);
        assertThat(a.answer()).hasSize(1);
    }

    @Test
    void txtValuesSurviveARestart() throws Exception {
        beacon.body("/update?domains=cam1&token=" + token + "&txt=kept");
        beacon.close();
        beacon = TestServer.in(dir).policy("{allow-static-tokens: true, max-names-per-device: 2}").start();
        assertThat(Dig.ask(beacon.dnsPort(), "_acme-challenge.cam1.ddns.test", "TXT").answer())
                .containsExactly("_acme-challenge.cam1.ddns.test. 60 IN TXT \"kept\"");
    }

    @Test
    void unprintableTxtIsKo() throws Exception {
        assertThat(beacon.body("/update?domains=cam1&token=" + token + "&txt=%07bell")).isEqualTo("KO");
    }
}
