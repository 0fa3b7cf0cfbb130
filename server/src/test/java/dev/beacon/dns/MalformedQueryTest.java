package dev.beacon.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/**
 * The bad-input catalogue, sections A (header and question) and B (EDNS and truncation), at the
 * wire, without sockets. Test names cite the row.
 */
class MalformedQueryTest {

    private final DnsFixture dns = new DnsFixture();

    private Message udp(Packet p) {
        byte[] reply = dns.udp(p.build());
        assertThat(reply).as("a reply").isNotNull();
        return DnsFixture.parse(reply);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5, 11})
    void a1DatagramShorterThanAHeaderIsDropped(int length) {
        assertThat(dns.udp(new byte[length])).isNull();
    }

    @Test
    void a2ResponseIsDropped() {
        assertThat(dns.udp(Packet.header(1, 0x8000, 1, 0, 0, 0).name("cam1.ddns.test").u16(1).u16(1).build())).isNull();
    }

    @Test
    void a3NoQuestionGetsHeaderOnlyFormerrWithTheId() {
        byte[] reply = dns.udp(Packet.header(0xBEEF, 0x0100, 0, 0, 0, 0).build());
        assertThat(reply).hasSize(12);
        Message m = DnsFixture.parse(reply);
        assertThat(m.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(m.getHeader().getID()).isEqualTo(0xBEEF);
        assertThat(m.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(m.getHeader().getFlag(Flags.RD)).isTrue();
    }

    @Test
    void a4NoQuestionWithOptGetsFormerrWithOpt() {
        Message m = udp(Packet.header(7, 0, 0, 0, 0, 1).opt(4096, 0, Packet.option(10, 1, 2, 3, 4, 5, 6, 7, 8)));
        assertThat(m.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(m.getOPT()).isNotNull();
    }

    @Test
    void a5TwoQuestionsGetFormerr() {
        Message m = udp(Packet.header(7, 0, 2, 0, 0, 0).name("cam1.ddns.test").u16(1).u16(1)
                .name("cam1.ddns.test").u16(28).u16(1));
        assertThat(m.getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void a6QuestionCutBeforeItsClassGetsFormerr() {
        assertThat(udp(Packet.header(7, 0, 1, 0, 0, 0).name("cam1.ddns.test").u16(1)).getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void a7NameLongerThan255OctetsGetsFormerr() {
        String label = "a".repeat(15);
        String name = String.join(".", java.util.Collections.nCopies(16, label));
        assertThat(udp(Packet.query(name, 1, 0)).getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x40, 0x80, 0xBF})
    void a8ReservedLabelTypesGetFormerr(int labelByte) {
        Packet p = Packet.header(7, 0, 1, 0, 0, 0).bytes(labelByte, 'a', 0).u16(1).u16(1);
        assertThat(udp(p).getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void a9PointerToItselfGetsFormerr() {
        // The additional record's owner name at offset 28 points at offset 28.
        Packet p = Packet.query("ddns.test", 6, 1);
        int at = p.size();
        p.u16(0xC000 | at).u16(1).u16(1).u32(0).u16(4).bytes(1, 2, 3, 4);
        assertThat(udp(p).getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void a9TwoPointersInALoopGetFormerr() {
        Packet p = Packet.query("ddns.test", 6, 2);
        int first = p.size();
        p.u16(0xC000 | first + 14).u16(1).u16(1).u32(0).u16(0);
        p.u16(0xC000 | first).u16(1).u16(1).u32(0).u16(0);
        assertThat(udp(p).getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void a10ForwardPointerGetsFormerr() {
        Packet p = Packet.query("ddns.test", 6, 1);
        p.u16(0xC000 | 0x3FFF).u16(1).u16(1).u32(0).u16(0);
        assertThat(udp(p).getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void a11ChainOfPointersIsCutShort() {
        // The additional record's owner is the last of 200 pointers, each to the one before it.
        Packet q = Packet.header(7, 0, 1, 0, 0, 1).name("ddns.test").u16(6).u16(1);
        int base = q.size();
        for (int i = 0; i < 200; i++) {
            q.u16(0xC000 | (i == 0 ? 12 : base + 2 * (i - 1)));
        }
        q.u16(1).u16(1).u32(0).u16(0);
        assertThat(udp(q).getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void a12PointerInsideTheQuestionGetsFormerr() {
        Packet p = Packet.header(7, 0, 1, 0, 0, 0).bytes(4, 'c', 'a', 'm', '1', 0xC0, 12).u16(1).u16(1);
        assertThat(udp(p).getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void a13BytesAfterTheLastRecordGetFormerr() {
        assertThat(udp(Packet.query("cam1.ddns.test", 1, 0).bytes(0, 0, 0)).getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void a14AnswerOrAuthorityRecordsInAQueryGetFormerr() {
        assertThat(udp(Packet.header(7, 0, 1, 1, 0, 0).name("cam1.ddns.test").u16(1).u16(1)
                .name("cam1.ddns.test").u16(1).u16(1).u32(60).u16(4).bytes(1, 2, 3, 4)).getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(udp(Packet.header(7, 0, 1, 0, 1, 0).name("cam1.ddns.test").u16(1).u16(1)).getRcode())
                .isEqualTo(Rcode.FORMERR);
    }

    @Test
    void a15HugeAdditionalCountWithoutDataGetsFormerr() {
        assertThat(udp(Packet.header(7, 0, 1, 0, 0, 65535).name("cam1.ddns.test").u16(1).u16(1)).getRcode())
                .isEqualTo(Rcode.FORMERR);
    }

    @Test
    void a16QueryWithAnRcodeGetsFormerr() {
        assertThat(udp(Packet.header(7, 0x0003, 1, 0, 0, 0).name("cam1.ddns.test").u16(1).u16(1)).getRcode())
                .isEqualTo(Rcode.FORMERR);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 6, 7, 15})
    void a17UnknownOpcodesGetNotimpWithTheOpcodeEchoed(int opcode) {
        Message m = udp(Packet.header(7, opcode << 11, 1, 0, 0, 0).name("cam1.ddns.test").u16(1).u16(1));
        assertThat(m.getRcode()).isEqualTo(Rcode.NOTIMP);
        assertThat(m.getHeader().getOpcode()).isEqualTo(opcode);
    }

    @Test
    void a18MetaTypeAsADataRecordGetsFormerr() {
        Packet p = Packet.query("cam1.ddns.test", 1, 1).name("cam1.ddns.test").u16(253).u16(1).u32(0).u16(0);
        assertThat(udp(p).getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void a19TkeyQuestionWithATkeyRecordGetsFormerr() {
        Packet p = Packet.query("ddns.test", 249, 1).name("ddns.test").u16(249).u16(255).u32(0).u16(0);
        assertThat(udp(p).getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @ParameterizedTest
    @ValueSource(ints = {251, 252})
    void a20TransferQuestionsOverUdpAreRefused(int qtype) {
        Message m = udp(Packet.query("ddns.test", qtype, 0));
        assertThat(m.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(m.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void a21AnyForADeviceNameGetsOneRrset() {
        Message m = udp(Packet.query("cam1.ddns.test", 255, 0));
        assertThat(DnsFixture.lines(m, Section.ANSWER)).containsExactly("cam1.ddns.test. 60 IN A 198.51.100.7");
    }

    @Test
    void a23TheRootNameIsRefusedAndTheServerStaysAlive() {
        Packet root = Packet.header(7, 0, 1, 0, 0, 0).u8(0).u16(6).u16(1);
        assertThat(udp(root).getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(udp(Packet.query("ddns.test", 6, 0)).getRcode()).isEqualTo(Rcode.NOERROR);
    }

    @Test
    void a22ForeignNameWithRecursionDesiredIsRefusedWithoutRecursionAvailable() {
        Message m = udp(Packet.query("www.example.com", 1, 0));
        assertThat(m.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(m.getHeader().getFlag(Flags.RD)).isTrue();
        assertThat(m.getHeader().getFlag(Flags.RA)).isFalse();
        assertThat(m.getHeader().getFlag(Flags.AA)).isFalse();
    }

    @Test
    void a24QuestionIsEchoedByteForByteAndMatchedIgnoringCase() {
        byte[] query = Packet.query("CaM1.dDnS.TeSt", 1, 0).build();
        byte[] reply = dns.udp(query);
        assertThat(Arrays.copyOfRange(reply, 12, query.length)).isEqualTo(Arrays.copyOfRange(query, 12, query.length));
        Message m = DnsFixture.parse(reply);
        assertThat(DnsFixture.lines(m, Section.ANSWER)).containsExactly("CaM1.dDnS.TeSt. 60 IN A 198.51.100.7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ca\u0000m1", "cam1.", "cam 1", "c*m1"})
    void a25LabelsWithDotsNulsOrOtherBytesNeverMatchAName(String label) {
        Packet p = Packet.header(7, 0, 1, 0, 0, 0);
        byte[] l = label.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        p.u8(l.length).bytes(toInts(l)).name("ddns.test").u16(1).u16(1);
        assertThat(udp(p).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 254, 255})
    void a26OtherClassesAreRefused(int qclass) {
        Packet p = Packet.header(7, 0, 1, 0, 0, 0).name("cam1.ddns.test").u16(1).u16(qclass);
        assertThat(udp(p).getRcode()).isEqualTo(Rcode.REFUSED);
    }

    @Test
    void a26VersionBindInChaosIsRefused() {
        Packet p = Packet.header(7, 0, 1, 0, 0, 0).name("version.bind").u16(16).u16(3);
        assertThat(udp(p).getRcode()).isEqualTo(Rcode.REFUSED);
    }

    @ParameterizedTest
    @ValueSource(ints = {254, 255})
    void a27UpdateOrNotifyWithClassAnyOrNoneGetsFormerr(int zclass) {
        assertThat(udp(Packet.header(7, 5 << 11, 1, 0, 0, 0).name("ddns.test").u16(6).u16(zclass)).getRcode())
                .isEqualTo(Rcode.FORMERR);
        assertThat(udp(Packet.header(7, 4 << 11, 1, 0, 0, 0).name("ddns.test").u16(6).u16(zclass)).getRcode())
                .isEqualTo(Rcode.FORMERR);
    }

    @Test
    void e14AnUnsignedUpdateIsRefusedWithItsZoneEchoed() {
        Message m = udp(Packet.header(7, 5 << 11, 1, 0, 0, 0).name("ddns.test").u16(6).u16(1));

        assertThat(m.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(m.getHeader().getOpcode()).isEqualTo(5);
        assertThat(m.getQuestion().getName().toString()).isEqualTo("ddns.test.");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void e15AnUpdateWithoutExactlyOneZoneGetsFormerr(int zones) {
        Packet p = Packet.header(7, 5 << 11, zones, 0, 0, 0);
        for (int i = 0; i < zones; i++) {
            p.name("ddns.test").u16(6).u16(1);
        }

        assertThat(udp(p).getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void b1TwoOptRecordsGetFormerr() {
        assertThat(udp(Packet.query("cam1.ddns.test", 1, 2).opt(1232).opt(1232)).getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void b2OptOwnedByANameOtherThanRootGetsFormerr() {
        Packet p = Packet.query("cam1.ddns.test", 1, 1).name("cam1").u16(41).u16(1232).u32(0).u16(0);
        assertThat(udp(p).getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void b3OptInTheAnswerSectionGetsFormerr() {
        Packet p = Packet.header(7, 0, 1, 1, 0, 0).name("cam1.ddns.test").u16(1).u16(1).opt(1232);
        assertThat(udp(p).getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void b4EdnsVersion1GetsBadversWithVersion0AndNoAnswer() {
        Message m = udp(Packet.query("cam1.ddns.test", 1, 1).opt(1232, 0x0001_0000L, new byte[0]));
        assertThat(m.getRcode()).isEqualTo(Rcode.BADVERS);
        assertThat(m.getOPT().getVersion()).isZero();
        assertThat(m.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void b5UnknownOptionIsIgnoredAndNotEchoed() {
        Message m = udp(Packet.query("cam1.ddns.test", 1, 1).opt(1232, 0, Packet.option(100, 1, 2, 3)));
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(m.getSection(Section.ANSWER)).hasSize(1);
        assertThat(m.getOPT().getOptions()).isEmpty();
    }

    @Test
    void b6UnknownEdnsFlagIsNotEchoedButDoIs() {
        Message m = udp(Packet.query("cam1.ddns.test", 1, 1).opt(1232, 0x0080 | 0x8000, new byte[0]));
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        OPTRecord opt = m.getOPT();
        assertThat(opt.getFlags()).isEqualTo(0x8000);
    }

    @Test
    void b7OptionOverrunningTheOptRecordGetsFormerrWithOpt() {
        Packet p = Packet.query("cam1.ddns.test", 1, 1);
        p.u8(0).u16(41).u16(1232).u32(0).u16(4).u16(100).u16(50);
        Message m = udp(p);
        assertThat(m.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(m.getOPT()).isNotNull();
    }

    @Test
    void b8CookieOfTheWrongLengthGetsFormerr() {
        assertThat(udp(Packet.query("cam1.ddns.test", 1, 1).opt(1232, 0, Packet.option(10, 1, 2, 3, 4, 5))).getRcode())
                .isEqualTo(Rcode.FORMERR);
        assertThat(udp(Packet.query("cam1.ddns.test", 1, 1).opt(1232, 0, Packet.option(10, 1, 2, 3, 4, 5, 6, 7, 8)))
                .getRcode()).isEqualTo(Rcode.NOERROR);
    }

    @Test
    void b9MalformedClientSubnetIsIgnored() {
        assertThat(udp(Packet.query("cam1.ddns.test", 1, 1).opt(1232, 0, Packet.option(8, 0, 99))).getRcode())
                .isEqualTo(Rcode.NOERROR);
    }

    @Test
    void b10NsidRequestIsAnsweredWithoutNsid() {
        Message m = udp(Packet.query("cam1.ddns.test", 1, 1).opt(1232, 0, Packet.option(3)));
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(m.getOPT().getOptions()).isEmpty();
    }

    @Test
    void replyAdvertises1232Bytes() {
        assertThat(udp(Packet.query("cam1.ddns.test", 1, 1).opt(4096)).getOPT().getPayloadSize()).isEqualTo(1232);
    }

    @Test
    void noOptInTheQueryMeansNoOptInTheReply() {
        assertThat(udp(Packet.query("cam1.ddns.test", 1, 0)).getOPT()).isNull();
    }

    /** A fixture whose apex NS answer grows by about 52 bytes per name server, to test size limits. */
    private static DnsFixture big(int nameServers) {
        return new DnsFixture.Big(nameServers);
    }

    @Test
    void b11PayloadUnder512IsReadAs512() {
        DnsFixture d = big(8);
        int full = d.tcp(Packet.query("big.test", 2, 1).opt(100).build()).length;
        assertThat(full).isBetween(400, 512);
        Message m = DnsFixture.parse(d.udp(Packet.query("big.test", 2, 1).opt(100).build()));
        assertThat(m.getHeader().getFlag(Flags.TC)).isFalse();
    }

    @Test
    void b12LargePayloadIsCappedAt1232() {
        DnsFixture d = big(60);
        Message m = DnsFixture.parse(d.udp(Packet.query("big.test", 2, 1).opt(65535).build()));
        assertThat(m.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(m.getSection(Section.ANSWER)).isEmpty();
        assertThat(m.getOPT()).isNotNull();
    }

    @Test
    void b13AnswerExactlyAtTheLimitIsNotTruncatedButOneByteMoreIs() {
        DnsFixture d = big(15);
        int size = d.tcp(Packet.query("big.test", 2, 1).opt(1232).build()).length;
        assertThat(size).isBetween(513, 1232);
        Message exact = DnsFixture.parse(d.udp(Packet.query("big.test", 2, 1).opt(size).build()));
        Message under = DnsFixture.parse(d.udp(Packet.query("big.test", 2, 1).opt(size - 1).build()));
        assertThat(exact.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(under.getHeader().getFlag(Flags.TC)).isTrue();
    }

    @Test
    void b14NoOptAndAnAnswerOver512IsTruncatedWithoutOpt() {
        DnsFixture d = big(30);
        byte[] reply = d.udp(Packet.query("big.test", 2, 0).build());
        Message m = DnsFixture.parse(reply);
        assertThat(m.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(m.getOPT()).isNull();
        assertThat(reply.length).isLessThanOrEqualTo(512);
    }

    @Test
    void b15TheSameQuestionOverTcpGetsTheFullAnswer() {
        DnsFixture d = big(60);
        Message m = DnsFixture.parse(d.tcp(Packet.query("big.test", 2, 0).build()));
        assertThat(m.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(m.getSection(Section.ANSWER)).hasSize(60);
    }

    @Test
    void e6ATsigRecordWithoutItsFieldsIsFormerr() {
        Packet p = Packet.query("cam1.ddns.test", 1, 1).name("key.example").u16(250).u16(255).u32(0).u16(0);
        assertThat(udp(p).getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void e7ATsigThatIsNotTheLastRecordIsFormerr() {
        Packet p = Packet.query("cam1.ddns.test", 1, 2).name("key.example").u16(250).u16(255).u32(0).u16(0).opt(1232);
        assertThat(udp(p).getRcode()).isEqualTo(Rcode.FORMERR);
    }

    private static int[] toInts(byte[] b) {
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xFF;
        }
        return out;
    }
}
