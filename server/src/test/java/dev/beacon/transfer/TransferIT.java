package dev.beacon.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beacon.testing.Dig;
import dev.beacon.testing.TestServer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/**
 * AXFR and IXFR from a real server over real TCP, read by dnsjava's transfer client (which checks
 * the TSIG of every message) and by dig: the zone, the difference since a serial, and the
 * refusals.
 */
class TransferIT {

    static final String SECRET = "q83mJpV0yqDkJ3cLw0bEHm0y7yTQJ4uYf2XGkGx9Q0c=";
    static final Name ZONE = Name.fromConstantString("ddns.test.");

    @TempDir
    static Path dir;
    static TestServer beacon;

    @BeforeAll
    static void start() throws Exception {
        beacon = TestServer.in(dir).policy("{allow-static-tokens: true}")
                .extra("tsig-keys: [{name: xfr-key, algorithm: hmac-sha256, secret: '" + SECRET + "'}]")
                .zone("allow-transfer: [{key: xfr-key, from: 127.0.0.0/8}]")
                .start();
        assertThat(beacon.add("SN-1", "cam1", "myip=198.51.100.1")).isEqualTo("10|cam1.ddns.test");
        assertThat(beacon.add("SN-2", "cam2", "myip=198.51.100.2")).isEqualTo("10|cam2.ddns.test");
        assertThat(beacon.add("SN-3", "pruned", "myip=198.51.100.3")).isEqualTo("10|pruned.ddns.test");
    }

    @AfterAll
    static void stop() {
        beacon.close();
    }

    static TSIG key(String secretBase64) {
        return key(secretBase64, Clock.systemUTC());
    }

    static TSIG key(String secretBase64, Clock clock) {
        return new TSIG(TSIG.HMAC_SHA256, Name.fromConstantString("xfr-key."),
                new SecretKeySpec(java.util.Base64.getDecoder().decode(secretBase64), "HmacSHA256"), clock);
    }

    private static InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", beacon.dnsPort());
    }

    static List<Record> axfr(TSIG key) throws Exception {
        ZoneTransferIn xfr = ZoneTransferIn.newAXFR(ZONE, address(), key);
        xfr.setTimeout(Duration.ofSeconds(10));
        xfr.run();
        return xfr.getAXFR();
    }

    private static long serial() throws Exception {
        return ((SOARecord) axfr(key(SECRET)).get(0)).getSerial();
    }

    private static List<String> text(List<Record> records) {
        return records.stream().map(r -> r.toString().replaceAll("\\s+", " ")).collect(Collectors.toList());
    }

    @Test
    void axfrSendsTheSoaFirstAndLastWithEveryNameBetween() throws Exception {
        List<Record> zone = axfr(key(SECRET));
        assertThat(zone.get(0)).isInstanceOf(SOARecord.class);
        assertThat(zone.get(zone.size() - 1)).isEqualTo(zone.get(0));
        assertThat(text(zone)).contains("ddns.test. 3600 IN NS ns1.ddns.test.", "cam1.ddns.test. 60 IN A 198.51.100.1",
                "cam2.ddns.test. 60 IN A 198.51.100.2");
    }

    @Test
    void axfrCarriesEachDevicesAddressesAndTxtValuesAsQueriesSeeThem() throws Exception {
        assertThat(beacon.add("SN-ACME", "acme-cam", "myip=198.51.100.30")).isEqualTo("10|acme-cam.ddns.test");
        String token = beacon.staticToken("SN-ACME");
        assertThat(beacon.body("/update?domains=acme-cam&token=" + token + "&ip=198.51.100.30&ipv6=2001:db8::30")).isEqualTo("OK");
        assertThat(beacon.body("/update?domains=acme-cam&token=" + token + "&txt=challenge-value")).isEqualTo("OK");
        assertThat(text(axfr(key(SECRET)))).filteredOn(l -> l.contains("acme-cam")).containsExactlyInAnyOrder(
                "acme-cam.ddns.test. 60 IN A 198.51.100.30",
                "acme-cam.ddns.test. 60 IN AAAA 2001:db8:0:0:0:0:0:30",
                "acme-cam.ddns.test. 60 IN TXT \"challenge-value\"",
                "_acme-challenge.acme-cam.ddns.test. 60 IN TXT \"challenge-value\"");
    }

    @Test
    void axfrOfThousandsOfNamesSpansManyMessagesEachSigned() throws Exception {
        List<CompletableFuture<?>> adds = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            String label = "bulk-device-name-number-" + i;
            int n = i;
            adds.add(CompletableFuture.runAsync(() -> {
                try {
                    beacon.add("SN-BULK-" + n, label, "myip=203.0.113." + (n % 250 + 1));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        CompletableFuture.allOf(adds.toArray(CompletableFuture[]::new)).join();
        List<Record> zone = axfr(key(SECRET));
        assertThat(zone.stream().filter(r -> r.getName().toString().startsWith("bulk-device-name-number-")))
                .hasSize(1500);
        // Over 60 kB of records: several messages, every one checked against its TSIG by dnsjava.
        Dig.Answer dig = Dig.ask(beacon.dnsPort(), "-y", "hmac-sha256:xfr-key:" + SECRET, "ddns.test", "AXFR");
        assertThat(dig.output()).containsPattern(";; XFR size: \\d+ records \\(messages ([2-9]|\\d\\d+),");
        assertThat(dig.output()).doesNotContain("failed").doesNotContain("expected");
    }

    @Test
    void digVerifiesTheSignedAxfr() throws Exception {
        Dig.Answer dig = Dig.ask(beacon.dnsPort(), "-y", "hmac-sha256:xfr-key:" + SECRET, "ddns.test", "AXFR");
        assertThat(dig.output()).contains("cam1.ddns.test.").contains("xfr-key.").doesNotContain("failed");
    }

    @Test
    void ixfrFromAnOlderSerialSendsOneDeleteAndOneAddPerChangedName() throws Exception {
        assertThat(beacon.add("SN-IX", "moving", "myip=192.0.2.1")).isEqualTo("10|moving.ddns.test");
        long before = serial();
        for (int i = 2; i <= 5; i++) {
            assertThat(beacon.update("SN-IX", "myip=192.0.2." + i)).isEqualTo("09");
        }
        ZoneTransferIn xfr = ZoneTransferIn.newIXFR(ZONE, before, false, address(), key(SECRET));
        xfr.setTimeout(Duration.ofSeconds(10));
        xfr.run();
        assertThat(xfr.isIXFR()).isTrue();
        List<ZoneTransferIn.Delta> deltas = xfr.getIXFR();
        assertThat(deltas).hasSize(1);
        ZoneTransferIn.Delta delta = deltas.get(0);
        assertThat(delta.start).isEqualTo(before);
        assertThat(delta.end).isEqualTo(serial());
        assertThat(text(delta.deletes)).filteredOn(l -> !l.contains("SOA"))
                .containsExactly("moving.ddns.test. 60 IN A 192.0.2.1");
        assertThat(text(delta.adds)).filteredOn(l -> !l.contains("SOA"))
                .containsExactly("moving.ddns.test. 60 IN A 192.0.2.5");
    }

    @Test
    void e11IxfrAtTheCurrentSerialGetsTheSoaAlone() throws Exception {
        long now = serial();
        ZoneTransferIn xfr = ZoneTransferIn.newIXFR(ZONE, now, false, address(), key(SECRET));
        xfr.run();
        assertThat(xfr.isCurrent()).isTrue();
    }

    @Test
    void e12IxfrAcrossAPrunedJournalFallsBackToTheWholeZone() throws Exception {
        long old = serial();
        assertThat(beacon.update("SN-3", "myip=198.51.100.13")).isEqualTo("09");
        // What the pruner does after journal-retention, done now: the oldest entries go.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + beacon.dataDir().resolve("beacon.db"));
                Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM journal WHERE seq <= " + (old + 1));
        }
        ZoneTransferIn xfr = ZoneTransferIn.newIXFR(ZONE, old, false, address(), key(SECRET));
        xfr.run();
        assertThat(xfr.isAXFR()).isTrue();
        assertThat(text(xfr.getAXFR())).contains("pruned.ddns.test. 60 IN A 198.51.100.13");
    }

    @Test
    void kdigIxfrFromASerialShowsTheDifference() throws Exception {
        assertThat(beacon.add("SN-KD", "kdig-cam", "myip=192.0.2.50")).isEqualTo("10|kdig-cam.ddns.test");
        long from = serial();
        assertThat(beacon.update("SN-KD", "myip=192.0.2.51")).isEqualTo("09");
        Process p = new ProcessBuilder("kdig", "@127.0.0.1", "-p", Integer.toString(beacon.dnsPort()), "-y",
                "hmac-sha256:xfr-key:" + SECRET, "+time=5", "ddns.test", "IXFR=" + from).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).containsPattern("kdig-cam\\.ddns\\.test\\.\\s+60\\s+IN\\s+A\\s+192\\.0\\.2\\.50")
                .containsPattern("kdig-cam\\.ddns\\.test\\.\\s+60\\s+IN\\s+A\\s+192\\.0\\.2\\.51")
                .doesNotContain("cam1.ddns.test.");
    }

    @Test
    void e1AxfrWithoutTsigIsRefusedAndSendsNothing() throws Exception {
        Dig.Answer dig = Dig.ask(beacon.dnsPort(), "ddns.test", "AXFR");
        assertThat(dig.output()).contains("Transfer failed").doesNotContain("cam1.ddns.test.");
    }

    @Test
    void e4AxfrWithAWrongSecretGetsBadsigAndSendsNothing() {
        String wrong = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        assertThatThrownBy(() -> axfr(key(wrong))).isInstanceOf(ZoneTransferException.class)
                .hasMessageContaining("NOTAUTH");
    }

    @Test
    void e5AxfrSignedAnHourAgoGetsBadtime() {
        Clock hourAgo = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));
        assertThatThrownBy(() -> axfr(key(SECRET, hourAgo))).isInstanceOf(ZoneTransferException.class)
                .hasMessageContaining("NOTAUTH");
    }

    @Test
    void a20AxfrOverUdpIsRefused() throws Exception {
        Message query = Message.newQuery(Record.newRecord(ZONE, Type.AXFR, DClass.IN));
        key(SECRET).apply(query, null);
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(5000);
            byte[] bytes = query.toWire();
            socket.send(new DatagramPacket(bytes, bytes.length, address()));
            DatagramPacket reply = new DatagramPacket(new byte[4096], 4096);
            socket.receive(reply);
            Message answer = new Message(java.util.Arrays.copyOf(reply.getData(), reply.getLength()));
            assertThat(answer.getRcode()).isEqualTo(Rcode.REFUSED);
            assertThat(answer.getSection(Section.ANSWER)).isEmpty();
        }
    }

    @Test
    void e10IxfrWithoutTheRequestersSoaIsFormerr() throws Exception {
        Message query = Message.newQuery(Record.newRecord(ZONE, Type.IXFR, DClass.IN));
        key(SECRET).apply(query, null);
        try (java.net.Socket socket = new java.net.Socket(InetAddress.getLoopbackAddress(), beacon.dnsPort())) {
            socket.setSoTimeout(5000);
            byte[] bytes = query.toWire();
            java.io.DataOutputStream out = new java.io.DataOutputStream(socket.getOutputStream());
            out.writeShort(bytes.length);
            out.write(bytes);
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            byte[] reply = new byte[in.readUnsignedShort()];
            in.readFully(reply);
            Message answer = new Message(reply);
            assertThat(answer.getRcode()).isEqualTo(Rcode.FORMERR);
            assertThat(key(SECRET).verify(answer, reply, query.getTSIG())).isEqualTo(Rcode.NOERROR);
        }
    }

    @Test
    void e2AxfrOfAZoneThatIsNotOursIsNotauth() {
        assertThatThrownBy(() -> {
            ZoneTransferIn xfr = ZoneTransferIn.newAXFR(Name.fromConstantString("example.com."), address(), key(SECRET));
            xfr.run();
        }).isInstanceOf(ZoneTransferException.class).hasMessageContaining("NOTAUTH");
    }

}
