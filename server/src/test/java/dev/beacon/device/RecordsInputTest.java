package dev.beacon.device;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.record.ExtraRecord;
import dev.beacon.record.RecordsChange;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cname and mx fields of a request, and when they are 05|cname or 05|mx. */
class RecordsInputTest {

    private static RecordsInput.Result parse(String... nameValues) {
        Params p = new Params();
        for (int i = 0; i < nameValues.length; i += 2) {
            p.add(nameValues[i], nameValues[i + 1]);
        }
        return RecordsInput.parse(p);
    }

    private static ExtraRecord mx(String text) {
        return ExtraRecord.parse(ExtraRecord.Kind.MX, text);
    }

    @Test
    void noFieldsSetNothing() {
        assertThat(parse("myip", "198.51.100.1").change()).isSameAs(RecordsChange.NONE);
    }

    @Test
    void readsUpToFourMxSeparatedByCommas() {
        assertThat(parse("mx", "10 mail.example.com,20 mx2.example.com").change().replaced())
                .isEqualTo(Map.of(ExtraRecord.Kind.MX, List.of(mx("10 mail.example.com"), mx("20 mx2.example.com"))));
        assertThat(parse("mx", "1 a.example,2 b.example,3 c.example,4 d.example").invalid()).isNull();
        assertThat(parse("mx", "1 a.example,2 b.example,3 c.example,4 d.example,5 e.example").invalid()).isEqualTo("mx");
    }

    @Test
    void anEmptyValueRemovesTheType() {
        assertThat(parse("cname", "").change().replaced()).isEqualTo(Map.of(ExtraRecord.Kind.CNAME, List.of()));
    }

    @Test
    void malformedRepeatedOrSentTwiceIsNamed() {
        assertThat(parse("mx", "mail.example.com").invalid()).isEqualTo("mx");
        assertThat(parse("mx", "10 a.example,10 a.example").invalid()).isEqualTo("mx");
        assertThat(parse("mx", "10 a.example", "mx", "20 b.example").invalid()).isEqualTo("mx");
        assertThat(parse("cname", "a.example,b.example").invalid()).isEqualTo("cname");
        assertThat(parse("cname", "not a host").invalid()).isEqualTo("cname");
    }

    @Test
    void aCnameBesideAGivenAddressOrAnMxIsRefused() {
        assertThat(parse("cname", "cam2.example.com", "myip", "198.51.100.1").invalid()).isEqualTo("cname");
        assertThat(parse("cname", "cam2.example.com", "mx", "10 mail.example.com").invalid()).isEqualTo("cname");
        assertThat(parse("cname", "cam2.example.com", "myip", "").invalid()).isNull();
        assertThat(parse("cname", "cam2.example.com", "mx", "").invalid()).isNull();
    }
}
