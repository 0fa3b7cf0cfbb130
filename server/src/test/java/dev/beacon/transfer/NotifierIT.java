package dev.beacon.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.registry.RegistrySnapshot;
import dev.beacon.testing.MutableClock;
import dev.beacon.tsig.TsigKey;
import dev.beacon.zone.NotifyTarget;
import dev.beacon.zone.Zone;
import dev.beacon.zone.ZonePolicy;
import dev.beacon.zone.ZoneTransfer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;

/**
 * NOTIFY as a secondary sees it, on a real UDP socket playing the secondary: one outstanding at
 * a time, changes coalesced into the next, retried when unanswered, signed, and an answer with a
 * bad signature not believed.
 */
class NotifierIT {

    private static final String SECRET = "q83mJpV0yqDkJ3cLw0bEHm0y7yTQJ4uYf2XGkGx9Q0c=";
    private static final TsigKey KEY = TsigKey.of("xfr-key", "hmac-sha256", SECRET);
    private final AtomicReference<RegistrySnapshot> snapshot = new AtomicReference<>();
    /** Retries are timed by this clock, so a test moves time on instead of waiting for it. */
    private final MutableClock clock = new MutableClock(System.currentTimeMillis());
    private DatagramSocket secondary;
    private Notifier notifier;
    private Zone zone;

    @BeforeEach
    void start() throws Exception {
        secondary = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        secondary.setSoTimeout(3000);
        zone = new Zone("ddns.test", 60, Zone.of("ddns.test", ZonePolicy.defaults(), Map.of(), List.of()).nameServers(),
                "hostmaster.ddns.test", dev.beacon.zone.Soa.defaults(), ZonePolicy.defaults(), Map.of(), List.of(),
                new ZoneTransfer(List.of(), List.of(new NotifyTarget(
                        (InetSocketAddress) secondary.getLocalSocketAddress(), KEY))));
        serial(10);
        notifier = new Notifier(List.of(zone), name -> snapshot.get().zone(name), InetAddress.getLoopbackAddress(),
                clock);
        notifier.start();
    }

    @AfterEach
    void stop() {
        notifier.close();
        secondary.close();
    }

    private void serial(long seq) {
        snapshot.set(RegistrySnapshot.load(List.of(zone), List.of(), Map.of("ddns.test", seq), seq));
    }

    private record Received(Message message, byte[] wire, InetSocketAddress from) {
        long serial() {
            return ((SOARecord) message.getSection(Section.ANSWER).get(0)).getSerial();
        }
    }

    private Received receive() throws Exception {
        DatagramPacket packet = new DatagramPacket(new byte[4096], 4096);
        secondary.receive(packet);
        byte[] wire = Arrays.copyOf(packet.getData(), packet.getLength());
        return new Received(new Message(wire), wire, (InetSocketAddress) packet.getSocketAddress());
    }

    private static TSIG key(String secret) {
        return new TSIG(TSIG.HMAC_SHA256, Name.fromConstantString("xfr-key."),
                new SecretKeySpec(java.util.Base64.getDecoder().decode(secret), "HmacSHA256"));
    }

    /** Answers as a secondary does: the NOTIFY echoed as a response, signed with {@code key}. */
    private void answer(Received notify, TSIG key) throws Exception {
        Message reply = new Message(notify.message().getHeader().getID());
        reply.getHeader().setOpcode(Opcode.NOTIFY);
        reply.getHeader().setFlag(org.xbill.DNS.Flags.QR);
        reply.getHeader().setFlag(org.xbill.DNS.Flags.AA);
        reply.addRecord(notify.message().getQuestion(), Section.QUESTION);
        key.apply(reply, notify.message().getTSIG());
        byte[] bytes = reply.toWire();
        secondary.send(new DatagramPacket(bytes, bytes.length, notify.from()));
    }

    @Test
    void aNotifyCarriesTheSerialAndASignatureTheSecondaryVerifies() throws Exception {
        Received first = receive();
        assertThat(first.message().getHeader().getOpcode()).isEqualTo(Opcode.NOTIFY);
        assertThat(first.message().getQuestion().getName().toString()).isEqualTo("ddns.test.");
        assertThat(first.serial()).isEqualTo(10);
        assertThat(first.from().getAddress().isLoopbackAddress()).isTrue();
        assertThat(key(SECRET).verify(first.message(), first.wire(), null)).isEqualTo(Rcode.NOERROR);
    }

    @Test
    void changesWhileOneIsOutstandingGoInTheNextOneSentWhenItIsAnswered() throws Exception {
        Received first = receive();
        for (long seq = 11; seq <= 15; seq++) {
            serial(seq);
            Thread.sleep(Notifier.TICK_MILLIS);
        }
        // One outstanding per secondary and zone.
        expectNothingFor(600);
        answer(first, key(SECRET));
        Received next = receive();
        assertThat(next.serial()).isEqualTo(15);
    }

    @Test
    void anUnansweredNotifyIsSentAgainAfter1248SecondsThenGivenUpUntilTheZoneChanges() throws Exception {
        Received first = receive();
        for (int wait : new int[] {1, 2, 4, 8}) {
            clock.advanceSeconds(wait - 1);
            expectNothingFor(300);
            clock.advanceSeconds(1);
            Received again = receive();
            assertThat(again.serial()).isEqualTo(first.serial());
            assertThat(again.message().getHeader().getID()).isNotEqualTo(first.message().getHeader().getID());
        }
        clock.advanceSeconds(16);
        expectNothingFor(500);
        serial(11);
        assertThat(receive().serial()).isEqualTo(11);
    }

    private void expectNothingFor(int millis) throws Exception {
        secondary.setSoTimeout(millis);
        try {
            Received unexpected = receive();
            throw new AssertionError("a NOTIFY too early: serial " + unexpected.serial());
        } catch (SocketTimeoutException expected) {
            // Quiet, as it should be.
        } finally {
            secondary.setSoTimeout(3000);
        }
    }

    @Test
    void anAnswerSignedWithTheWrongKeyIsNotBelieved() throws Exception {
        Received first = receive();
        answer(first, key(java.util.Base64.getEncoder().encodeToString(new byte[32])));
        // Not acknowledged: the NOTIFY is sent again.
        clock.advanceSeconds(1);
        Received again = receive();
        assertThat(again.serial()).isEqualTo(first.serial());
    }

    @Test
    void anAnsweredNotifyIsNotSentAgainUntilTheZoneChanges() throws Exception {
        Received first = receive();
        answer(first, key(SECRET));
        // Acknowledged: quiet until the next change, however long.
        clock.advanceSeconds(60);
        expectNothingFor(500);
        serial(11);
        assertThat(receive().serial()).isEqualTo(11);
    }
}
