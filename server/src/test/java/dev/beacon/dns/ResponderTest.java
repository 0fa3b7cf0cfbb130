package dev.beacon.dns;

import static dev.beacon.dns.DnsFixture.lines;
import static dev.beacon.dns.DnsFixture.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The query path as a table: question in, rcode, AA and sections out, written as zone text. */
class ResponderTest {

    private static final String SOA = "ddns.test. %d IN SOA ns1.ddns.test. hostmaster.ddns.test. 42 3600 600 1209600 60";
    private static final String NEGATIVE_SOA = SOA.formatted(60);

    record Row(String qname, int qtype, int rcode, boolean aa, List<String> answer, List<String> authority,
            List<String> additional) {
        @Override
        public String toString() {
            return qname + " " + Type.string(qtype);
        }
    }

    static Row row(String qname, int qtype, int rcode, boolean aa, List<String> answer, List<String> authority,
            List<String> additional) {
        return new Row(qname, qtype, rcode, aa, answer, authority, additional);
    }

    static Stream<Row> table() {
        return Stream.of(
                row("cam1.ddns.test.", Type.A, Rcode.NOERROR, true,
                        List.of("cam1.ddns.test. 60 IN A 198.51.100.7"), List.of(), List.of()),
                row("cam2.ddns.test.", Type.AAAA, Rcode.NOERROR, true,
                        List.of("cam2.ddns.test. 60 IN AAAA 2001:db8::8"), List.of(), List.of()),
                row("cam1.ddns.test.", Type.AAAA, Rcode.NOERROR, true, List.of(), List.of(NEGATIVE_SOA), List.of()),
                row("cam1.ddns.test.", Type.MX, Rcode.NOERROR, true, List.of(), List.of(NEGATIVE_SOA), List.of()),
                row("cam1.ddns.test.", Type.TXT, Rcode.NOERROR, true, List.of(), List.of(NEGATIVE_SOA), List.of()),
                row("cam2.ddns.test.", Type.TXT, Rcode.NOERROR, true,
                        List.of("cam2.ddns.test. 60 IN TXT \"acme-token-1\"", "cam2.ddns.test. 60 IN TXT \"acme-token-2\""),
                        List.of(), List.of()),
                row("_acme-challenge.cam2.ddns.test.", Type.TXT, Rcode.NOERROR, true,
                        List.of("_acme-challenge.cam2.ddns.test. 60 IN TXT \"acme-token-1\"",
                                "_acme-challenge.cam2.ddns.test. 60 IN TXT \"acme-token-2\""),
                        List.of(), List.of()),
                row("_ACME-Challenge.cam2.ddns.test.", Type.A, Rcode.NOERROR, true, List.of(), List.of(NEGATIVE_SOA),
                        List.of()),
                row("_acme-challenge.cam1.ddns.test.", Type.TXT, Rcode.NXDOMAIN, true, List.of(), List.of(NEGATIVE_SOA),
                        List.of()),
                row("_acme-challenge.nobody.ddns.test.", Type.TXT, Rcode.NXDOMAIN, true, List.of(),
                        List.of(NEGATIVE_SOA), List.of()),
                row("v6only.ddns.test.", Type.A, Rcode.NOERROR, true, List.of(), List.of(NEGATIVE_SOA), List.of()),
                row("cam2.ddns.test.", Type.ANY, Rcode.NOERROR, true,
                        List.of("cam2.ddns.test. 60 IN A 198.51.100.8"), List.of(), List.of()),
                row("v6only.ddns.test.", Type.ANY, Rcode.NOERROR, true,
                        List.of("v6only.ddns.test. 60 IN AAAA 2001:db8::6"), List.of(), List.of()),
                row("nope.ddns.test.", Type.A, Rcode.NXDOMAIN, true, List.of(), List.of(NEGATIVE_SOA), List.of()),
                row("deep.cam1.ddns.test.", Type.A, Rcode.NXDOMAIN, true, List.of(), List.of(NEGATIVE_SOA), List.of()),
                row("ns2.ddns.test.", Type.A, Rcode.NXDOMAIN, true, List.of(), List.of(NEGATIVE_SOA), List.of()),
                row("ddns.test.", Type.SOA, Rcode.NOERROR, true, List.of(SOA.formatted(3600)), List.of(), List.of()),
                row("ddns.test.", Type.ANY, Rcode.NOERROR, true, List.of(SOA.formatted(3600)), List.of(), List.of()),
                row("ddns.test.", Type.NS, Rcode.NOERROR, true,
                        List.of("ddns.test. 3600 IN NS ns1.ddns.test.", "ddns.test. 3600 IN NS ns2.ddns.test.",
                                "ddns.test. 3600 IN NS ns.provider.net."),
                        List.of(),
                        List.of("ns1.ddns.test. 3600 IN A 192.0.2.53", "ns1.ddns.test. 3600 IN AAAA 2001:db8::53")),
                row("ddns.test.", Type.A, Rcode.NOERROR, true, List.of(), List.of(NEGATIVE_SOA), List.of()),
                row("ns1.ddns.test.", Type.A, Rcode.NOERROR, true,
                        List.of("ns1.ddns.test. 3600 IN A 192.0.2.53"), List.of(), List.of()),
                row("ns1.ddns.test.", Type.AAAA, Rcode.NOERROR, true,
                        List.of("ns1.ddns.test. 3600 IN AAAA 2001:db8::53"), List.of(), List.of()),
                row("ns1.ddns.test.", Type.MX, Rcode.NOERROR, true, List.of(), List.of(NEGATIVE_SOA), List.of()),
                row("box.sub.ddns.test.", Type.A, Rcode.NOERROR, true,
                        List.of("box.sub.ddns.test. 60 IN A 203.0.113.1"), List.of(), List.of()),
                row("sub.ddns.test.", Type.SOA, Rcode.NOERROR, true,
                        List.of("sub.ddns.test. 3600 IN SOA ns1.sub.ddns.test. hostmaster.sub.ddns.test. 7 3600 600 1209600 60"),
                        List.of(), List.of()),
                row("example.com.", Type.A, Rcode.REFUSED, false, List.of(), List.of(), List.of()),
                row("test.", Type.SOA, Rcode.REFUSED, false, List.of(), List.of(), List.of()),
                row(".", Type.NS, Rcode.REFUSED, false, List.of(), List.of(), List.of()),
                row("xddns.test.", Type.A, Rcode.REFUSED, false, List.of(), List.of(), List.of()),
                row("ddns.test.", Type.AXFR, Rcode.REFUSED, false, List.of(), List.of(), List.of()),
                row("ddns.test.", Type.IXFR, Rcode.REFUSED, false, List.of(), List.of(), List.of()),
                row("ddns.test.", Type.MAILB, Rcode.NOTIMP, false, List.of(), List.of(), List.of()));
    }

    @ParameterizedTest
    @MethodSource("table")
    void answersAsTheTableSays(Row row) throws Exception {
        DnsFixture dns = new DnsFixture();
        Message query = Message.newQuery(Record.newRecord(Name.fromString(row.qname()), row.qtype(), DClass.IN));
        Message reply = parse(dns.udp(query.toWire()));
        assertThat(reply.getRcode()).as("rcode").isEqualTo(row.rcode());
        assertThat(reply.getHeader().getFlag(Flags.AA)).as("AA").isEqualTo(row.aa());
        assertThat(reply.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(reply.getHeader().getFlag(Flags.RA)).as("RA").isFalse();
        assertThat(reply.getHeader().getID()).isEqualTo(query.getHeader().getID());
        assertThat(lines(reply, Section.ANSWER)).as("answer").isEqualTo(row.answer());
        assertThat(lines(reply, Section.AUTHORITY)).as("authority").isEqualTo(row.authority());
        assertThat(lines(reply, Section.ADDITIONAL)).as("additional").isEqualTo(row.additional());
    }
}
