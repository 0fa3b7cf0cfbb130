package dev.beacon.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;

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
        assertThat(ExtraRecord.parseLine("TLSA 3 1 1 ab")).isNull();
        assertThat(ExtraRecord.parseLine("MX")).isNull();
    }
}
