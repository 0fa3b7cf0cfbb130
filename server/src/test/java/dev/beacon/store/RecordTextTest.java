package dev.beacon.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.ip.IpLiteral;
import dev.beacon.record.Addresses;
import dev.beacon.record.ExtraRecord;
import dev.beacon.record.InterfaceId;
import dev.beacon.record.NameExtras;
import dev.beacon.record.NameRecord;
import dev.beacon.token.DeviceId;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordTextTest {

    @Test
    void recordDataRoundTripsThroughItsJournalText() {
        NameRecord r = new NameRecord("ddns.test", "cam1", DeviceId.parse("SN=1&x"),
                new Addresses((Inet4Address) IpLiteral.parse("1.2.3.4"), (Inet6Address) IpLiteral.parse("2001:db8::1")),
                Map.of("fw", "1.0 beta&=", "ua", "field named like a column"), List.of("acme=token&x", "second value"),
                "Acme - Cam - 1.0", "192.0.2.1", 5, 6, 9);
        NameRecord back = RecordText.record("ddns.test", "cam1", 9, RecordText.record(r));
        assertThat(back).isEqualTo(r);
    }

    @Test
    void anInterfaceIdATtlAndMxRecordsRoundTripThroughTheJournalText() {
        NameRecord r = new NameRecord("ddns.test", "host1", DeviceId.parse("SN-ROUTER"),
                Addresses.of(IpLiteral.parse("2001:db8:1:2::5")), NameExtras.of(InterfaceId.parse("::5/56"), 300,
                        List.of(ExtraRecord.parse(ExtraRecord.Kind.MX, "10 mail.example.com"),
                                ExtraRecord.parse(ExtraRecord.Kind.MX, "20 mx2.example.com")), List.of(1_700_000_000_123L)),
                Map.of(), List.of("challenge"), "",
                "", 5, 6, 9);
        String text = RecordText.record(r);

        assertThat(text).contains("iid=%3A%3A5%2F56", "ttl=300", "rr.1=MX+20+mx2.example.com.", "txtat=1700000000123");
        assertThat(RecordText.record("ddns.test", "host1", 9, text)).isEqualTo(r);
    }

    @Test
    void txtValuesRoundTripThroughTheirColumnText() {
        List<String> values = List.of("a=b&c", "  spaced  ", "x");
        assertThat(RecordText.txt(RecordText.txt(values))).isEqualTo(values);
        assertThat(RecordText.txt("")).isEmpty();
    }

    @Test
    void fieldsRoundTripThroughTheirColumnText() {
        Map<String, String> fields = Map.of("port", "8080", "fw", "ü & =");
        assertThat(RecordText.fields(RecordText.fields(fields))).isEqualTo(fields);
        assertThat(RecordText.fields("")).isEmpty();
    }
}
