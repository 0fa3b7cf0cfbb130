package dev.beacon.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.Dig;
import dev.beacon.testing.TestServer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DNS server on real sockets, asked by the real dig. */
class DnsIT {

    private static final String CAM = "E0:46:9A:B8:1B:FC";

    @TempDir
    static Path dir;
    static TestServer beacon;

    @BeforeAll
    static void start() throws Exception {
        StringBuilder ns = new StringBuilder("ns: [{name: ns1.ddns.test, a: 192.0.2.53}");
        for (int i = 0; i < 30; i++) {
            ns.append(", name-server-").append(i).append(".provider.example");
        }
        // One server for every test here, asking the same questions dozens of times a second:
        // response rate limiting (RateLimitIT's subject) would drop some of them.
        beacon = TestServer.in(dir).zone(ns.append("]").toString())
                .extra("dns: {rate-limit: {responses-per-second: 0}}").start();
        beacon.add(CAM, "cam1", "myip=198.51.100.7,2001:db8::7");
        beacon.add("SN-V4", "v4only", "myip=198.51.100.4");
    }

    @AfterAll
    static void stop() {
        beacon.close();
    }

    private static Dig.Answer dig(String... args) throws Exception {
        return Dig.ask(beacon.dnsPort(), args);
    }

    @Test
    void deviceAddressesAreAnsweredAuthoritatively() throws Exception {
        Dig.Answer a = dig("cam1.ddns.test", "A");
        assertThat(a.status()).isEqualTo("NOERROR");
        assertThat(a.hasFlag("aa")).isTrue();
        assertThat(a.answer()).containsExactly("cam1.ddns.test. 60 IN A 198.51.100.7");
        assertThat(dig("cam1.ddns.test", "AAAA").answer()).containsExactly("cam1.ddns.test. 60 IN AAAA 2001:db8::7");
    }

    @Test
    void missingTypeIsNodataWithTheSoaInAuthority() throws Exception {
        Dig.Answer a = dig("v4only.ddns.test", "AAAA");
        assertThat(a.status()).isEqualTo("NOERROR");
        assertThat(a.answer()).isEmpty();
        assertThat(a.authority()).singleElement().asString().startsWith("ddns.test. 60 IN SOA ns1.ddns.test. hostmaster.ddns.test.");
    }

    @Test
    void unknownNameIsNxdomainWithTheSoaInAuthority() throws Exception {
        Dig.Answer a = dig("nobody.ddns.test", "A");
        assertThat(a.status()).isEqualTo("NXDOMAIN");
        assertThat(a.hasFlag("aa")).isTrue();
        assertThat(a.authority()).singleElement().asString().contains(" IN SOA ");
    }

    @Test
    void namesOutsideTheZonesAreRefusedWithoutRecursion() throws Exception {
        Dig.Answer a = Dig.ask(beacon.dnsPort(), "+rec", "www.example.com", "A");
        assertThat(a.status()).isEqualTo("REFUSED");
        assertThat(a.hasFlag("rd")).isTrue();
        assertThat(a.hasFlag("ra")).isFalse();
        assertThat(a.hasFlag("aa")).isFalse();
    }

    @Test
    void apexAnswersSoaAndNsWithGlue() throws Exception {
        assertThat(dig("ddns.test", "SOA").answer()).singleElement().asString()
                .matches("ddns\\.test\\. 3600 IN SOA ns1\\.ddns\\.test\\. hostmaster\\.ddns\\.test\\. \\d+ 3600 600 1209600 60");
        Dig.Answer ns = dig("+tcp", "ddns.test", "NS");
        assertThat(ns.answer()).hasSize(31).contains("ddns.test. 3600 IN NS ns1.ddns.test.");
        assertThat(ns.additional()).containsExactly("ns1.ddns.test. 3600 IN A 192.0.2.53");
    }

    @Test
    void questionIsEchoedInItsOwnCase() throws Exception {
        Dig.Answer a = dig("CaM1.DdNs.TeSt", "A");
        assertThat(a.output()).contains(";CaM1.DdNs.TeSt.");
        assertThat(a.answer()).containsExactly("CaM1.DdNs.TeSt. 60 IN A 198.51.100.7");
    }

    @Test
    void ednsRepliesAdvertise1232() throws Exception {
        assertThat(dig("+bufsize=4096", "cam1.ddns.test").edns()).contains("udp: 1232");
        assertThat(dig("+noedns", "cam1.ddns.test").edns()).isNull();
    }

    @Test
    void ednsVersion1GetsBadvers() throws Exception {
        Dig.Answer a = dig("+edns=1", "+noednsnegotiation", "cam1.ddns.test");
        assertThat(a.status()).isEqualTo("BADVERS");
        assertThat(a.answer()).isEmpty();
    }

    @Test
    void answerTooBigForUdpIsTruncatedAndComesWholeOverTcp() throws Exception {
        Dig.Answer udp = dig("+ignore", "+noedns", "ddns.test", "NS");
        assertThat(udp.hasFlag("tc")).isTrue();
        assertThat(udp.answer()).isEmpty();
        Dig.Answer tcp = dig("+tcp", "+noedns", "ddns.test", "NS");
        assertThat(tcp.hasFlag("tc")).isFalse();
        assertThat(tcp.answer()).hasSize(31);
    }

    @Test
    void anyIsAnsweredMinimally() throws Exception {
        assertThat(dig("cam1.ddns.test", "ANY").answer()).containsExactly("cam1.ddns.test. 60 IN A 198.51.100.7");
    }

    @Test
    void unknownOpcodeGetsNotimp() throws Exception {
        assertThat(dig("+opcode=2", "cam1.ddns.test").status()).isEqualTo("NOTIMP");
    }

    @Test
    void chaosClassIsRefused() throws Exception {
        assertThat(dig("version.bind", "TXT", "CH").status()).isEqualTo("REFUSED");
    }

    @Test
    void a20AxfrOverUdpIsRefused() throws Exception {
        byte[] reply = udp(Packet.query("ddns.test", 252, 0).build());
        assertThat(reply[3] & 0xF).isEqualTo(5);
    }

    @Test
    void datagramsTooShortForAHeaderGetNoReplyAndTheServerLivesOn() throws Exception {
        assertThat(udp(new byte[5])).isNull();
        assertThat(dig("ddns.test", "SOA").status()).isEqualTo("NOERROR");
    }

    @Test
    void anAddressChangeAcknowledgedOverHttpIsInTheVeryNextAnswerWithARisenSerial() throws Exception {
        long serial = serial();
        for (int i = 1; i <= 20; i++) {
            assertThat(beacon.update("SN-V4", "myip=203.0.113." + i)).isEqualTo("09");
            assertThat(dig("v4only.ddns.test", "A").answer()).containsExactly("v4only.ddns.test. 60 IN A 203.0.113." + i);
            long next = serial();
            assertThat(next).isGreaterThan(serial);
            serial = next;
        }
    }

    @Test
    void endToEndAddResolveChangeResolve() throws Exception {
        assertThat(dig("garden.ddns.test", "A").status()).isEqualTo("NXDOMAIN");
        assertThat(beacon.add("SN-GARDEN", "garden", "myip=198.51.100.200")).isEqualTo("10|garden.ddns.test");
        assertThat(dig("garden.ddns.test", "A").answer()).containsExactly("garden.ddns.test. 60 IN A 198.51.100.200");
        assertThat(beacon.update("SN-GARDEN", "myip=198.51.100.201")).isEqualTo("09");
        assertThat(dig("garden.ddns.test", "A").answer()).containsExactly("garden.ddns.test. 60 IN A 198.51.100.201");
        assertThat(beacon.remove("SN-GARDEN")).isEqualTo("15");
        assertThat(dig("garden.ddns.test", "A").status()).isEqualTo("NXDOMAIN");
    }

    private static long serial() throws Exception {
        String soa = dig("ddns.test", "SOA").answer().get(0);
        return Long.parseLong(soa.split(" ")[6]);
    }

    private static byte[] udp(byte[] query) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(1000);
            socket.send(new DatagramPacket(query, query.length, InetAddress.getLoopbackAddress(), beacon.dnsPort()));
            DatagramPacket reply = new DatagramPacket(new byte[4096], 4096);
            try {
                socket.receive(reply);
            } catch (SocketTimeoutException e) {
                return null;
            }
            return java.util.Arrays.copyOf(reply.getData(), reply.getLength());
        }
    }
}
