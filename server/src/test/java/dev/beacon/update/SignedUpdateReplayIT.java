package dev.beacon.update;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.Dig;
import dev.beacon.testing.Nsupdate;
import dev.beacon.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Rcode;

/**
 * What a captured signed update lets someone do: its TSIG stays valid for minutes, so the attacker
 * sends the same bytes again later. Built with dnsjava so the test holds the exact bytes; sent
 * over a real socket to a real server.
 */
class SignedUpdateReplayIT {

    @TempDir
    Path dir;
    TestServer beacon;

    @BeforeEach
    void start() throws Exception {
        beacon = server();
        assertThat(beacon.add("SN-CAM1", "cam1", "myip=198.51.100.7")).isEqualTo("10|cam1.ddns.test");
    }

    private TestServer server() throws Exception {
        return TestServer.in(dir).zone(NsupdateIT.GRANTS).extra(NsupdateIT.KEYS).start();
    }

    @AfterEach
    void stop() {
        beacon.close();
    }

    private static byte[] signedUpdate(String address) throws Exception {
        return SignedUpdates.settingCam1To(address);
    }

    private int send(byte[] wire) throws Exception {
        return SignedUpdates.send(wire, beacon.dnsPort());
    }

    private java.util.List<String> cam1() throws Exception {
        return Dig.ask(beacon.dnsPort(), "cam1.ddns.test", "A").answer();
    }

    @Test
    void aSignedUpdateIsAppliedOnce() throws Exception {
        assertThat(send(signedUpdate("192.0.2.30"))).isEqualTo(Rcode.NOERROR);

        assertThat(cam1()).containsExactly("cam1.ddns.test. 60 IN A 192.0.2.30");
    }

    @Test
    void e20TheSameBytesSentAgainHearTheFirstAnswerAndChangeNothing() throws Exception {
        byte[] captured = signedUpdate("192.0.2.31");
        assertThat(send(captured)).isEqualTo(Rcode.NOERROR);
        assertThat(Nsupdate.run(beacon.dnsPort(), NsupdateIT.CAM1_KEY, false,
                "update add cam1.ddns.test 60 A 192.0.2.32").ok()).isTrue();

        // As a retransmission would hear it, so a client whose answer was lost is not told it failed.
        assertThat(send(captured)).isEqualTo(Rcode.NOERROR);

        assertThat(cam1()).containsExactly("cam1.ddns.test. 60 IN A 192.0.2.32");
    }

    @Test
    void e20AReplayAfterARestartIsRefusedAndTheChangeSinceStays() throws Exception {
        byte[] captured = signedUpdate("192.0.2.33");
        assertThat(send(captured)).isEqualTo(Rcode.NOERROR);
        assertThat(Nsupdate.run(beacon.dnsPort(), NsupdateIT.CAM1_KEY, false,
                "update add cam1.ddns.test 60 A 192.0.2.34").ok()).isTrue();
        beacon.close();
        beacon = server();

        assertThat(send(captured)).isEqualTo(Rcode.REFUSED);

        assertThat(cam1()).containsExactly("cam1.ddns.test. 60 IN A 192.0.2.34");
    }

    @Test
    void anUpdateSignedFurtherFromNowThanTheTokenWindowIsRefusedThoughItsFudgeAllowsIt() throws Exception {
        beacon.close();
        beacon = TestServer.in(dir).zone(NsupdateIT.GRANTS).extra(NsupdateIT.KEYS + "tokens: {max-skew: 60s}\n").start();
        // Within dnsjava's fudge of 300 s, so the TSIG verifies; outside the window a copy is remembered for.
        java.time.Clock early = java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofSeconds(-200));

        assertThat(send(SignedUpdates.settingCam1To("192.0.2.36", early))).isEqualTo(Rcode.REFUSED);

        assertThat(cam1()).containsExactly("cam1.ddns.test. 60 IN A 198.51.100.7");
    }

    @Test
    void anUpdateSurvivesARestart() throws Exception {
        assertThat(send(signedUpdate("192.0.2.35"))).isEqualTo(Rcode.NOERROR);
        beacon.close();
        beacon = server();

        assertThat(cam1()).containsExactly("cam1.ddns.test. 60 IN A 192.0.2.35");
    }
}
