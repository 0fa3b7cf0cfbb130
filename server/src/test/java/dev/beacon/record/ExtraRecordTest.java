package dev.beacon.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TLSARecord;

/** What cname= and mx= accept, and the RDATA they make, checked against dnsjava's. */
class ExtraRecordTest {

    @ParameterizedTest(name = "cname {0} reads as {1}")
    @CsvSource(delimiter = '|', textBlock = """
            cam2.example.com          | cam2.example.com.
            CAM2.Example.COM.         | cam2.example.com.
            ' edge-1.cdn.example.net' | edge-1.cdn.example.net.
            xn--bcher-kva.example     | xn--bcher-kva.example.
            """)
    void readsACnameTarget(String text, String kept) {
        assertThat(ExtraRecord.parse(ExtraRecord.Kind.CNAME, text).text()).isEqualTo(kept);
    }

    @ParameterizedTest(name = "mx {0} reads as {1}")
    @CsvSource(delimiter = '|', textBlock = """
            10 mail.example.com       | 10 mail.example.com.
            0 MX.example.com.         | 0 mx.example.com.
            65535  backup.example.org | 65535 backup.example.org.
            """)
    void readsAnMx(String text, String kept) {
        assertThat(ExtraRecord.parse(ExtraRecord.Kind.MX, text).text()).isEqualTo(kept);
    }

    @ParameterizedTest(name = "{0} {1} is refused: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            CNAME | localhost                | one label: not a host name
            CNAME | cam 2.example.com        | a space
            CNAME | cam_2.example.com        | an underscore
            CNAME | -cam.example.com         | a leading hyphen
            CNAME | cam..example.com         | an empty label
            CNAME | 192.0.2.1.               | numbers are a host name's labels too, but see below
            MX    | mail.example.com         | no preference
            MX    | 65536 mail.example.com   | a preference past 65535
            MX    | -1 mail.example.com      | a negative preference
            MX    | 10 mail.example.com x    | something after the host
            MX    | ten mail.example.com     | a preference that is not a number
            MX    | 10 mail                  | one label
            """)
    void refusesWhatIsNotOne(ExtraRecord.Kind kind, String text, String why) {
        if (text.equals("192.0.2.1.")) {
            // All-numeric labels are legal (RFC 1123 §2.1), so an address-looking target is taken.
            assertThat(ExtraRecord.parse(kind, text)).isNotNull();
            return;
        }
        assertThat(ExtraRecord.parse(kind, text)).as(why).isNull();
    }

    @ParameterizedTest(name = "{0} {1} reads as {2}")
    @CsvSource(delimiter = '|', textBlock = """
            SRV  | _sip._tcp 10 5 5060 sip.example.com                 | SRV _sip._tcp 10 5 5060 sip.example.com.
            SRV  | _XMPP-Client._TCP 0 0 5222 Chat.Example.org.        | SRV _xmpp-client._tcp 0 0 5222 chat.example.org.
            TLSA | _443._udp 3 0 0 0102030405                          | TLSA _443._udp 3 0 0 0102030405
            """)
    void readsSrvAndTlsaWithTheirOwnerLabels(ExtraRecord.Kind kind, String text, String line) {
        assertThat(ExtraRecord.parse(kind, text).line()).isEqualTo(line);
    }

    @Test
    void readsTlsaDigestsOfTheirLengthInEitherCase() {
        assertThat(ExtraRecord.parse(ExtraRecord.Kind.TLSA, "_443._tcp 3 1 1 " + "AB".repeat(32)).line())
                .isEqualTo("TLSA _443._tcp 3 1 1 " + "ab".repeat(32));
        assertThat(ExtraRecord.parse(ExtraRecord.Kind.TLSA, "_25._tcp 2 0 2 " + "cd".repeat(64)).line())
                .isEqualTo("TLSA _25._tcp 2 0 2 " + "cd".repeat(64));
    }

    @ParameterizedTest(name = "{0} {1} is refused: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            SRV  | sip._tcp 10 5 5060 sip.example.com      | a service without its underscore
            SRV  | _sip 10 5 5060 sip.example.com          | no protocol label
            SRV  | _sip._tcp._x 10 5 5060 sip.example.com  | three labels
            SRV  | _sip._tcp 10 5 65536 sip.example.com    | a port past 65535
            SRV  | _sip._tcp 10 5 5060                     | no target
            SRV  | _sip._tcp 10 5 5060 sip                 | a one-label target
            TLSA | _https._tcp 3 1 1 00                    | a port that is not a number
            TLSA | _70000._tcp 3 1 1 00                    | a port past 65535
            TLSA | _443._tcp 4 1 1 00                      | a usage past 3
            TLSA | _443._tcp 3 2 1 00                      | a selector past 1
            TLSA | _443._tcp 3 1 3 00                      | a matching type past 2
            TLSA | _443._tcp 3 1 1 abcd                    | a SHA-256 that is not 32 bytes
            TLSA | _443._tcp 3 1 0 abc                     | an odd number of hex digits
            TLSA | _443._tcp 3 1 0 zz                      | not hex
            """)
    void refusesSrvAndTlsaThatAreNot(ExtraRecord.Kind kind, String text, String why) {
        assertThat(ExtraRecord.parse(kind, text)).as(why).isNull();
    }

    @Test
    void tlsaDataIsAtMost128Bytes() {
        assertThat(ExtraRecord.parse(ExtraRecord.Kind.TLSA, "_443._tcp 3 0 0 " + "ab".repeat(128))).isNotNull();
        assertThat(ExtraRecord.parse(ExtraRecord.Kind.TLSA, "_443._tcp 3 0 0 " + "ab".repeat(129))).isNull();
    }

    @Test
    void srvAndTlsaRdataIsWhatDnsjavaWrites() throws Exception {
        Name owner = Name.fromString("_sip._tcp.cam1.ddns.test.");
        assertThat(ExtraRecord.parse(ExtraRecord.Kind.SRV, "_sip._tcp 10 5 5060 sip.example.com").rdata()).isEqualTo(
                new SRVRecord(owner, DClass.IN, 60, 10, 5, 5060, Name.fromString("sip.example.com.")).rdataToWireCanonical());
        byte[] digest = HexFormat.of().parseHex("ab".repeat(32));
        assertThat(ExtraRecord.parse(ExtraRecord.Kind.TLSA, "_443._tcp 3 1 1 " + "ab".repeat(32)).rdata()).isEqualTo(
                new TLSARecord(Name.fromString("_443._tcp.cam1.ddns.test."), DClass.IN, 60, 3, 1, 1, digest)
                        .rdataToWireCanonical());
    }

    @Test
    void aTargetOfMoreThan253CharactersIsRefused() {
        String long63 = "a".repeat(63);
        String host = String.join(".", long63, long63, long63, "b".repeat(60), "com");
        assertThat(host.length()).isGreaterThan(253);
        assertThat(ExtraRecord.parse(ExtraRecord.Kind.CNAME, host)).isNull();
    }

    @Test
    void itsRdataIsWhatDnsjavaWrites() throws Exception {
        assertThat(ExtraRecord.parse(ExtraRecord.Kind.MX, "10 mail.example.com").rdata()).isEqualTo(
                new MXRecord(Name.fromString("cam1.ddns.test."), DClass.IN, 60, 10, Name.fromString("mail.example.com."))
                        .rdataToWireCanonical());
        assertThat(ExtraRecord.parse(ExtraRecord.Kind.CNAME, "cam2.example.com").rdata()).isEqualTo(
                new CNAMERecord(Name.fromString("cam1.ddns.test."), DClass.IN, 60, Name.fromString("cam2.example.com."))
                        .rdataToWireCanonical());
    }

    @Test
    void aLineReadsBackAsTheSameRecord() {
        ExtraRecord mx = ExtraRecord.parse(ExtraRecord.Kind.MX, "10 mail.example.com");

        assertThat(mx.line()).isEqualTo("MX 10 mail.example.com.");
        assertThat(ExtraRecord.parseLine(mx.line())).isEqualTo(mx);
        assertThat(ExtraRecord.parseLine("TLSA 3 1 1 ab")).as("no owner labels").isNull();
        assertThat(ExtraRecord.parseLine("NS ns.example.com.")).isNull();
        assertThat(ExtraRecord.parseLine("MX")).isNull();
    }
}
