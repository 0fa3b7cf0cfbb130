package dev.beacon.update;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.Dig;
import dev.beacon.testing.Nsupdate;
import dev.beacon.testing.TestServer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

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

    /** A signed update setting cam1's address, as a client sends it. */
    private static byte[] signedUpdate(String address) throws Exception {
        Update update = new Update(Name.fromConstantString("ddns.test."));
        update.replace(Name.fromConstantString("cam1.ddns.test."), Type.A, 60, address);
        TSIG key = new TSIG(TSIG.HMAC_SHA256, Name.fromConstantString("cam1-key."),
                new SecretKeySpec(Base64.getDecoder().decode(NsupdateIT.CAM1_SECRET), "HmacSHA256"));
        update.setTSIG(key);
        return update.toWire(65_535);
    }

    private int send(byte[] wire) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(5000);
            socket.send(new DatagramPacket(wire, wire.length, InetAddress.getLoopbackAddress(), beacon.dnsPort()));
            byte[] buffer = new byte[4096];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            socket.receive(reply);
            return new Message(java.util.Arrays.copyOf(buffer, reply.getLength())).getRcode();
        }
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
    void theSameBytesSentAgainHearTheFirstAnswerAndChangeNothing() throws Exception {
        byte[] captured = signedUpdate("192.0.2.31");
        assertThat(send(captured)).isEqualTo(Rcode.NOERROR);
        assertThat(Nsupdate.run(beacon.dnsPort(), NsupdateIT.CAM1_KEY, false,
                "update add cam1.ddns.test 60 A 192.0.2.32").ok()).isTrue();

        // As a retransmission would hear it, so a client whose answer was lost is not told it failed.
        assertThat(send(captured)).isEqualTo(Rcode.NOERROR);

        assertThat(cam1()).containsExactly("cam1.ddns.test. 60 IN A 192.0.2.32");
    }

    @Test
    void aReplayAfterARestartIsRefusedAndTheChangeSinceStays() throws Exception {
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
    void anUpdateSurvivesARestart() throws Exception {
        assertThat(send(signedUpdate("192.0.2.35"))).isEqualTo(Rcode.NOERROR);
        beacon.close();
        beacon = server();

        assertThat(cam1()).containsExactly("cam1.ddns.test. 60 IN A 192.0.2.35");
    }
}
