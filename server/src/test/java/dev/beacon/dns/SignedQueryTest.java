package dev.beacon.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/**
 * Queries signed with TSIG (RFC 8945), built and checked by dnsjava: verified, answered and the
 * answer signed; or refused with the TSIG error the RFC names.
 */
class SignedQueryTest {

    private final DnsFixture dns = new DnsFixture();

    private static TSIG key(String name, String algorithm, byte[] secret, Clock clock) {
        Name alg = TSIG.algorithmToName(algorithm);
        return new TSIG(alg, Name.fromConstantString(name + "."),
                new SecretKeySpec(secret, "Hmac" + algorithm.substring("hmac-".length()).toUpperCase()), clock);
    }

    private static TSIG fixtureKey(Clock clock) {
        return key("xfr-key", "hmac-sha256", DnsFixture.KEY.secret(), clock);
    }

    private static Message query(String name, int type) {
        return Message.newQuery(Record.newRecord(Name.fromConstantString(name + "."), type, DClass.IN));
    }

    private Message signedExchange(Message query, TSIG key) {
        key.apply(query, null);
        byte[] reply = dns.udp(query.toWire());
        return DnsFixture.parse(reply);
    }

    @Test
    void aSignedQueryIsAnsweredAndTheAnswerVerifiesWithTheKey() throws Exception {
        TSIG key = fixtureKey(Clock.systemUTC());
        Message q = query("cam1.ddns.test", Type.A);
        key.apply(q, null);
        byte[] wire = dns.udp(q.toWire());
        Message reply = DnsFixture.parse(wire);
        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(DnsFixture.lines(reply, Section.ANSWER)).containsExactly("cam1.ddns.test. 60 IN A 198.51.100.7");
        assertThat(key.verify(reply, wire, q.getTSIG())).isEqualTo(Rcode.NOERROR);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hmac-sha384", "hmac-sha512"})
    void theOtherSha2AlgorithmsVerifyToo(String algorithm) throws Exception {
        byte[] secret = "another-secret-of-thirty-two-byt".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        dev.beacon.tsig.TsigKey ours = new dev.beacon.tsig.TsigKey("k2", dev.beacon.tsig.TsigAlgorithm.named(algorithm),
                secret);
        DnsFixture fixture = new DnsFixture(1232, new dev.beacon.tsig.Keyring(java.util.List.of(ours)));
        TSIG key = key("k2", algorithm, secret, Clock.systemUTC());
        Message q = query("cam1.ddns.test", Type.A);
        key.apply(q, null);
        byte[] wire = fixture.udp(q.toWire());
        Message reply = DnsFixture.parse(wire);
        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(key.verify(reply, wire, q.getTSIG())).isEqualTo(Rcode.NOERROR);
    }

    @Test
    void e3AnUnknownKeyGetsBadkeyUnsigned() {
        TSIG stranger = key("stranger", "hmac-sha256", DnsFixture.KEY.secret(), Clock.systemUTC());
        Message reply = signedExchange(query("cam1.ddns.test", Type.A), stranger);
        assertThat(reply.getHeader().getRcode()).isEqualTo(Rcode.NOTAUTH);
        TSIGRecord tsig = reply.getTSIG();
        assertThat(tsig.getError()).isEqualTo(Rcode.BADKEY);
        assertThat(tsig.getSignature()).isEmpty();
        assertThat(reply.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void e4AWrongSecretGetsBadsigUnsignedAndNoData() {
        byte[] wrong = DnsFixture.KEY.secret();
        wrong[0] ^= 1;
        Message reply = signedExchange(query("cam1.ddns.test", Type.A), key("xfr-key", "hmac-sha256", wrong,
                Clock.systemUTC()));
        assertThat(reply.getHeader().getRcode()).isEqualTo(Rcode.NOTAUTH);
        assertThat(reply.getTSIG().getError()).isEqualTo(Rcode.BADSIG);
        assertThat(reply.getTSIG().getSignature()).isEmpty();
        assertThat(reply.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void e3TheRightKeyOfTheWrongAlgorithmGetsBadkey() {
        Message reply = signedExchange(query("cam1.ddns.test", Type.A), key("xfr-key", "hmac-sha512",
                DnsFixture.KEY.secret(), Clock.systemUTC()));
        assertThat(reply.getTSIG().getError()).isEqualTo(Rcode.BADKEY);
    }

    @Test
    void e5ASignatureFromAnHourAgoGetsBadtimeSignedWithOurTime() throws Exception {
        Clock hourAgo = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));
        TSIG key = fixtureKey(hourAgo);
        Message q = query("cam1.ddns.test", Type.A);
        key.apply(q, null);
        byte[] wire = dns.udp(q.toWire());
        Message reply = DnsFixture.parse(wire);
        assertThat(reply.getHeader().getRcode()).isEqualTo(Rcode.NOTAUTH);
        TSIGRecord tsig = reply.getTSIG();
        assertThat(tsig.getError()).isEqualTo(Rcode.BADTIME);
        assertThat(tsig.getTimeSigned().getEpochSecond()).isEqualTo(q.getTSIG().getTimeSigned().getEpochSecond());
        assertThat(tsig.getOther()).hasSize(6);
        assertThat(reply.getSection(Section.ANSWER)).isEmpty();
        // Signed, so the requester can trust the time it is told: verify it with a clock that agrees.
        TSIG checker = fixtureKey(Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)));
        assertThat(checker.verify(reply, wire, q.getTSIG())).isEqualTo(Rcode.NOERROR);
    }

    @Test
    void e9AMacCutToAValidPrefixGetsBadtrunc() throws Exception {
        Message reply = DnsFixture.parse(dns.udp(withMacCutTo(16)));
        assertThat(reply.getHeader().getRcode()).isEqualTo(Rcode.NOTAUTH);
        assertThat(reply.getTSIG().getError()).isEqualTo(22);
    }

    @Test
    void e8AMacShorterThanHalfTheHashIsFormerr() throws Exception {
        Message reply = DnsFixture.parse(dns.udp(withMacCutTo(8)));
        assertThat(reply.getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void e6ATsigRecordCutShortIsFormerr() throws Exception {
        TSIG key = fixtureKey(Clock.systemUTC());
        Message q = query("cam1.ddns.test", Type.A);
        key.apply(q, null);
        byte[] wire = q.toWire();
        Message copy = new Message(wire);
        copy.removeRecord(copy.getTSIG(), Section.ADDITIONAL);
        int tsigStart = copy.toWire().length;
        // The last 10 bytes go, and RDLENGTH says so: the record ends with the message, mid-field.
        byte[] cut = Arrays.copyOf(wire, wire.length - 10);
        int rdlengthAt = tsigStart + "xfr-key.".length() + 1 + 8;
        int rdlength = (cut[rdlengthAt] & 0xFF) << 8 | cut[rdlengthAt + 1] & 0xFF;
        cut[rdlengthAt] = (byte) (rdlength - 10 >>> 8);
        cut[rdlengthAt + 1] = (byte) (rdlength - 10);
        Message reply = DnsFixture.parse(dns.udp(cut));
        assertThat(reply.getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void a20ASignedTransferOverUdpGetsTheSoaAloneSigned() throws Exception {
        TSIG key = fixtureKey(Clock.systemUTC());
        Message q = query("ddns.test", Type.IXFR);
        q.addRecord(new SOARecord(Name.fromConstantString("ddns.test."), DClass.IN, 0,
                Name.fromConstantString("ns1.ddns.test."), Name.fromConstantString("hostmaster.ddns.test."), 40, 1, 1,
                1, 1), Section.AUTHORITY);
        key.apply(q, null);
        byte[] wire = dns.udp(q.toWire());
        Message reply = DnsFixture.parse(wire);
        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(DnsFixture.lines(reply, Section.ANSWER)).singleElement().asString().contains("SOA").contains(" 42 ");
        assertThat(key.verify(reply, wire, q.getTSIG())).isEqualTo(Rcode.NOERROR);
    }

    @Test
    void e1AnUnsignedTransferIsRefusedWhenTheRuleNamesAKey() {
        Message q = query("ddns.test", Type.IXFR);
        q.addRecord(new SOARecord(Name.fromConstantString("ddns.test."), DClass.IN, 0,
                Name.fromConstantString("ns1.ddns.test."), Name.fromConstantString("hostmaster.ddns.test."), 40, 1, 1,
                1, 1), Section.AUTHORITY);
        Message reply = DnsFixture.parse(dns.udp(q.toWire()));
        assertThat(reply.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(reply.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void e2ATransferOfAZoneThatIsNotOursIsNotauth() {
        TSIG key = fixtureKey(Clock.systemUTC());
        Message q = query("example.com", Type.IXFR);
        q.addRecord(new SOARecord(Name.fromConstantString("example.com."), DClass.IN, 0,
                Name.fromConstantString("ns1.example.com."), Name.fromConstantString("h.example.com."), 1, 1, 1, 1, 1),
                Section.AUTHORITY);
        Message reply = signedExchange(q, key);
        assertThat(reply.getRcode()).isEqualTo(Rcode.NOTAUTH);
    }

    @Test
    void e13ANotifyToThePrimaryIsRefused() {
        Message notify = query("ddns.test", Type.SOA);
        notify.getHeader().setOpcode(org.xbill.DNS.Opcode.NOTIFY);
        Message reply = DnsFixture.parse(dns.udp(notify.toWire()));
        assertThat(reply.getHeader().getOpcode()).isEqualTo(org.xbill.DNS.Opcode.NOTIFY);
        assertThat(reply.getRcode()).isEqualTo(Rcode.REFUSED);
    }

    private Message signedUpdate(boolean edns) throws Exception {
        TSIG key = fixtureKey(Clock.systemUTC());
        org.xbill.DNS.Update update = new org.xbill.DNS.Update(Name.fromConstantString("ddns.test."));
        update.add(Name.fromConstantString("cam1.ddns.test."), Type.A, 60, "192.0.2.1");
        if (edns) {
            update.addRecord(new org.xbill.DNS.OPTRecord(1232, 0, 0, org.xbill.DNS.ExtendedFlags.DO), Section.ADDITIONAL);
        }
        key.apply(update, null);
        byte[] wire = dns.udp(update.toWire());
        Message reply = DnsFixture.parse(wire);
        assertThat(key.verify(reply, wire, update.getTSIG())).as("the answer verifies").isEqualTo(Rcode.NOERROR);
        assertThat(reply.getHeader().getOpcode()).isEqualTo(org.xbill.DNS.Opcode.UPDATE);
        assertThat(reply.getQuestion().getName()).isEqualTo(Name.fromConstantString("ddns.test."));
        return reply;
    }

    @Test
    void aSignedUpdatesAnswerCarriesAnOptWhenTheUpdateHadOne() throws Exception {
        Message reply = signedUpdate(true);

        assertThat(reply.getOPT()).isNotNull();
        assertThat(reply.getOPT().getFlags() & org.xbill.DNS.ExtendedFlags.DO).isNotZero();
    }

    @Test
    void aSignedUpdatesAnswerHasNoOptWhenTheUpdateHadNone() throws Exception {
        assertThat(signedUpdate(false).getOPT()).isNull();
    }

    @Test
    void e13ASignedNotifyIsRefusedWithASignedAnswer() throws Exception {
        TSIG key = fixtureKey(Clock.systemUTC());
        Message notify = query("ddns.test", Type.SOA);
        notify.getHeader().setOpcode(org.xbill.DNS.Opcode.NOTIFY);
        key.apply(notify, null);
        byte[] wire = dns.udp(notify.toWire());
        Message reply = DnsFixture.parse(wire);
        assertThat(reply.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(key.verify(reply, wire, notify.getTSIG())).isEqualTo(Rcode.NOERROR);
    }

    /** A signed query whose MAC is cut to its first {@code length} bytes, as a truncating sender sends it. */
    private static byte[] withMacCutTo(int length) throws Exception {
        TSIG key = fixtureKey(Clock.systemUTC());
        Message q = query("cam1.ddns.test", Type.A);
        key.apply(q, null);
        TSIGRecord full = q.getTSIG();
        TSIGRecord cut = new TSIGRecord(full.getName(), DClass.ANY, 0, full.getAlgorithm(), full.getTimeSigned(),
                full.getFudge(), Arrays.copyOf(full.getSignature(), length), full.getOriginalID(), 0, null);
        return withTsig(q, cut);
    }

    /** The query's bytes with its TSIG replaced by {@code tsig} (as a sender that built it so would). */
    private static byte[] withTsig(Message signed, TSIGRecord tsig) throws Exception {
        Message copy = new Message(signed.toWire());
        copy.removeRecord(copy.getTSIG(), Section.ADDITIONAL);
        byte[] unsigned = copy.toWire();
        org.xbill.DNS.DNSOutput out = new org.xbill.DNS.DNSOutput();
        out.writeByteArray(unsigned);
        out.writeByteArray(tsig.toWire(Section.ADDITIONAL));
        byte[] wire = out.toByteArray();
        int arcount = (wire[10] & 0xFF) << 8 | wire[11] & 0xFF;
        wire[10] = (byte) (arcount + 1 >>> 8);
        wire[11] = (byte) (arcount + 1);
        return wire;
    }
}
