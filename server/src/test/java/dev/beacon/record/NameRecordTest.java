package dev.beacon.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.ip.IpLiteral;
import dev.beacon.token.DeviceId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A record gives back the source it was made with, however it holds it. */
class NameRecordTest {

    private static NameRecord record(String address, String source) {
        return new NameRecord("ddns.test", "cam1", DeviceId.parse("SN-1"), Addresses.of(IpLiteral.parse(address)),
                Map.of(), List.of(), "Acme", source, 1, 2, 3);
    }

    @Test
    void aSourceThatIsTheRecordsOwnAddressReadsBack() {
        assertThat(record("203.0.113.7", "203.0.113.7").source()).isEqualTo("203.0.113.7");
    }

    @Test
    void aSourceThatIsAnotherAddressReadsBack() {
        assertThat(record("203.0.113.7", "198.51.100.1").source()).isEqualTo("198.51.100.1");
        assertThat(record("2001:db8::1", "2001:db8::1").source()).isEqualTo("2001:db8::1");
        assertThat(record("203.0.113.7", "").source()).isEmpty();
    }

    @Test
    void theSourceStaysWhenTheAddressMovesWithoutIt() {
        NameRecord before = record("203.0.113.7", "203.0.113.7");
        NameRecord moved = before.merged(Addresses.of(IpLiteral.parse("192.0.2.9")), PrefixChange.NONE, null, RecordsChange.NONE, Map.of(), null,
                new RequestMeta("Acme", "203.0.113.7", 5));

        assertThat(moved.source()).isEqualTo("203.0.113.7");
        assertThat(moved.withSeq(9).source()).isEqualTo("203.0.113.7");
        assertThat(before.renamed("cam2", 6).source()).isEqualTo("203.0.113.7");
    }

    @Test
    void recordsMadeWithTheSameSourceAreEqualHoweverItWasGiven() {
        assertThat(record("203.0.113.7", new String("203.0.113.7")))
                .isEqualTo(record("203.0.113.7", "203.0.113.7"))
                .hasSameHashCodeAs(record("203.0.113.7", "203.0.113.7"))
                .isNotEqualTo(record("203.0.113.7", "203.0.113.8"));
    }
}
