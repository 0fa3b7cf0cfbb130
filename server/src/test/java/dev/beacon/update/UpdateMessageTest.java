package dev.beacon.update;

import dev.beacon.dns.Wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beacon.record.ExtraRecord;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/** Reading an UPDATE's sections off the wire: well-formed ones as dnsjava writes them, malformed ones by hand. */
class UpdateMessageTest {

    private static final Name ZONE = Name.fromConstantString("ddns.test.");

    private static Name name(String text) {
        return Name.fromConstantString(text);
    }

    private static UpdateMessage read(Update update) throws UpdateError {
        byte[] wire = update.toWire();
        return UpdateMessage.read(wire, wire.length);
    }

    private static UpdateRr onlyUpdate(String type, String data) throws Exception {
        Update u = new Update(ZONE);
        u.add(name("cam1.ddns.test."), Type.value(type), 300, data);
        return read(u).updates().get(0);
    }

    @Test
    void ownersAreTakenRelativeToTheZone() throws Exception {
        Update u = new Update(ZONE);
        u.add(name("_acme-challenge.CAM1.ddns.test."), Type.TXT, 120, "\"token\"");

        UpdateMessage m = read(u);

        assertThat(m.zone()).isEqualTo("ddns.test");
        assertThat(m.updates().get(0).owner()).containsExactly("_acme-challenge", "cam1");
        assertThat(m.updates().get(0).ttl()).isEqualTo(120);
        assertThat(m.updates().get(0).rrClass()).isEqualTo(DClass.IN);
    }

    @Test
    void addressesAreReadAsTheirBits() throws Exception {
        assertThat(onlyUpdate("A", "192.0.2.1").data()).isEqualTo(new RData.V4(0xC0000201));
        assertThat(onlyUpdate("AAAA", "2001:db8::1").data()).isEqualTo(new RData.V6(0x20010db800000000L, 1L));
    }

    @Test
    void txtKeepsEachOfItsStrings() throws Exception {
        assertThat(onlyUpdate("TXT", "\"one\" \"two\"").data()).isEqualTo(new RData.Txt(List.of("one", "two")));
    }

    @Test
    void recordsWithNamesAreReadInPresentationFormWithTheirNamesDecompressed() throws Exception {
        // dnsjava compresses the in-zone targets against the zone section's name.
        assertThat(onlyUpdate("MX", "10 Mail.ddns.test.").data()).isEqualTo(new RData.Extra(ExtraRecord.Kind.MX,
                "10 mail.ddns.test."));
        assertThat(onlyUpdate("CNAME", "cam2.ddns.test.").data()).isEqualTo(new RData.Extra(ExtraRecord.Kind.CNAME,
                "cam2.ddns.test."));
        assertThat(onlyUpdate("SRV", "10 5 5060 sip.example.net.").data()).isEqualTo(new RData.Extra(
                ExtraRecord.Kind.SRV, "10 5 5060 sip.example.net."));
        assertThat(onlyUpdate("TLSA", "3 1 1 " + "AB".repeat(32)).data()).isEqualTo(new RData.Extra(
                ExtraRecord.Kind.TLSA, "3 1 1 " + "ab".repeat(32)));
    }

    @Test
    void dataOfATypeBeaconDoesNotKeepIsKeptAsBytes() throws Exception {
        assertThat(onlyUpdate("HINFO", "\"cpu\" \"os\"").data()).isInstanceOf(RData.Other.class);
    }

    @Test
    void prerequisitesAndDeletesAreReadWithTheirClasses() throws Exception {
        Update u = new Update(ZONE);
        u.present(name("cam1.ddns.test."));
        u.absent(name("cam2.ddns.test."), Type.A);
        u.present(new ARecord(name("cam1.ddns.test."), DClass.IN, 0, java.net.InetAddress.getByName("192.0.2.1")));
        u.delete(name("cam1.ddns.test."));
        u.delete(name("cam1.ddns.test."), Type.AAAA);

        UpdateMessage m = read(u);

        assertThat(m.prerequisites()).extracting(UpdateRr::rrClass, UpdateRr::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(DClass.ANY, Type.ANY),
                        org.assertj.core.groups.Tuple.tuple(DClass.NONE, Type.A),
                        org.assertj.core.groups.Tuple.tuple(DClass.IN, Type.A));
        assertThat(m.updates()).extracting(UpdateRr::rrClass, UpdateRr::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(DClass.ANY, Type.ANY),
                        org.assertj.core.groups.Tuple.tuple(DClass.ANY, Type.AAAA));
        assertThat(m.updates().get(0).data()).isNull();
    }

    @Test
    void e17AnOwnerOutsideTheZoneIsNotzone() throws Exception {
        Update u = new Update(ZONE);
        u.add(name("cam1.elsewhere.test."), Type.A, 60, "192.0.2.1");

        assertThatThrownBy(() -> read(u)).isInstanceOfSatisfying(UpdateError.class,
                e -> assertThat(e.rcode()).isEqualTo(Wire.NOTZONE));
    }

    @Test
    void aZoneSectionOfAnotherTypeIsFormerrAndOfAnotherClassNotauth() throws Exception {
        Update u = new Update(ZONE);
        byte[] wire = u.toWire();
        byte[] notSoa = wire.clone();
        notSoa[wire.length - 3] = 1;
        byte[] chaos = wire.clone();
        chaos[wire.length - 1] = 3;

        assertThatThrownBy(() -> UpdateMessage.zoneOf(notSoa)).isInstanceOfSatisfying(UpdateError.class,
                e -> assertThat(e.rcode()).isEqualTo(Wire.FORMERR));
        assertThatThrownBy(() -> UpdateMessage.zoneOf(chaos)).isInstanceOfSatisfying(UpdateError.class,
                e -> assertThat(e.rcode()).isEqualTo(Wire.NOTAUTH));
    }

    /** A header for one zone and {@code updates} updates, then the zone section ddns.test SOA IN. */
    private static ByteArrayOutputStream header(int updates) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 7, 0x28, 0, 0, 1, 0, 0, 0, (byte) updates, 0, 0});
        out.writeBytes(new byte[] {4, 'd', 'd', 'n', 's', 4, 't', 'e', 's', 't', 0, 0, 6, 0, 1});
        return out;
    }

    private static int rcodeOf(byte[] wire) {
        try {
            UpdateMessage.read(wire, wire.length);
            return -1;
        } catch (UpdateError e) {
            return e.rcode();
        }
    }

    @Test
    void e16ARecordCutShortIsFormerr() {
        ByteArrayOutputStream m = header(1);
        m.writeBytes(new byte[] {(byte) 0xC0, 12, 0, 1, 0, 1});

        assertThat(rcodeOf(m.toByteArray())).isEqualTo(Wire.FORMERR);
    }

    @Test
    void e16DataRunningPastTheMessageIsFormerr() {
        ByteArrayOutputStream m = header(1);
        m.writeBytes(new byte[] {(byte) 0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, (byte) 192, 0});

        assertThat(rcodeOf(m.toByteArray())).isEqualTo(Wire.FORMERR);
    }

    @Test
    void e16AForwardOrSelfPointerIsFormerr() {
        ByteArrayOutputStream forward = header(1);
        forward.writeBytes(new byte[] {(byte) 0xC0, 40, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, (byte) 192, 0, 2, 1});
        ByteArrayOutputStream self = header(1);
        self.writeBytes(new byte[] {(byte) 0xC0, 27, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, (byte) 192, 0, 2, 1});

        assertThat(rcodeOf(forward.toByteArray())).isEqualTo(Wire.FORMERR);
        assertThat(rcodeOf(self.toByteArray())).isEqualTo(Wire.FORMERR);
    }

    @Test
    void e16ATxtStringRunningPastItsRecordIsFormerr() {
        ByteArrayOutputStream m = header(1);
        m.writeBytes(new byte[] {(byte) 0xC0, 12, 0, 16, 0, 1, 0, 0, 0, 60, 0, 3, 5, 'a', 'b'});

        assertThat(rcodeOf(m.toByteArray())).isEqualTo(Wire.FORMERR);
    }

    @Test
    void aLabelHoldingADotMatchesNoName() throws Exception {
        ByteArrayOutputStream m = header(1);
        m.writeBytes(new byte[] {4, 'c', 'a', '.', 'm', (byte) 0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, (byte) 192, 0, 2,
            1});
        byte[] wire = m.toByteArray();

        assertThat(UpdateMessage.read(wire, wire.length).updates().get(0).owner()).containsExactly("ca\\046m");
    }
}
