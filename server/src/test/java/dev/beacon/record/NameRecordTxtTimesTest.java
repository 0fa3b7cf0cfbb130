package dev.beacon.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.ip.IpLiteral;
import dev.beacon.token.DeviceId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each TXT value keeps the time it was set, so it can expire on its own. */
class NameRecordTxtTimesTest {

    private static final Addresses ADDRESS = Addresses.of(IpLiteral.parse("198.51.100.1"));

    private static NameRecord plain() {
        return new NameRecord("ddns.test", "cam1", DeviceId.parse("SN-1"), ADDRESS, Map.of(), List.of(), "", "", 1, 1, 1);
    }

    private static NameRecord add(NameRecord r, String value, long at) {
        return r.merged(ADDRESS, PrefixChange.NONE, null, RecordsChange.NONE, Map.of(),
                new TxtChange(value, false).within(new TxtLimits(4, 1024)), new RequestMeta("", "", at));
    }

    @Test
    void eachValueKeepsWhenItWasSet() {
        NameRecord r = add(add(plain(), "one", 1000), "two", 2000);

        assertThat(r.txt()).containsExactly("one", "two");
        assertThat(r.txtSetAt(0)).isEqualTo(1000);
        assertThat(r.txtSetAt(1)).isEqualTo(2000);
    }

    @Test
    void settingAValueAgainRestartsItsTime() {
        NameRecord r = add(add(plain(), "one", 1000), "two", 2000);

        assertThat(r.unchangedBy(ADDRESS, PrefixChange.NONE, null, RecordsChange.NONE, Map.of(),
                new TxtChange("two", false).within(new TxtLimits(4, 1024)))).isFalse();
        NameRecord again = add(r, "one", 3000);
        assertThat(again.txt()).containsExactly("two", "one");
        assertThat(again.txtSetAt(1)).isEqualTo(3000);
    }

    @Test
    void replacingTheValuesWithTheSameIsNoChange() {
        NameRecord r = add(plain(), "one", 1000);

        assertThat(r.unchangedBy(ADDRESS, PrefixChange.NONE, null, RecordsChange.NONE, Map.of(),
                TxtChange.replacingWith(List.of("one")).within(new TxtLimits(4, 1024)))).isTrue();
    }

    @Test
    void onlyTheValuesSetBeforeTheCutoffLeave() {
        NameRecord r = add(add(plain(), "old", 1000), "new", 5000);

        NameRecord expired = r.withoutTxtSetBefore(3000, 6000);

        assertThat(expired.txt()).containsExactly("new");
        assertThat(expired.txtSetAt(0)).isEqualTo(5000);
        assertThat(expired.addresses()).isEqualTo(ADDRESS);
        assertThat(expired.withoutTxtSetBefore(3000, 7000)).as("nothing older left").isNull();
        assertThat(expired.withoutTxtSetBefore(9000, 7000).txt()).isEmpty();
        assertThat(expired.withoutTxtSetBefore(9000, 7000).extras()).isNull();
    }

    @Test
    void valuesStoredWithoutTimesCountFromTheRecordsLastChange() {
        NameRecord legacy = new NameRecord("ddns.test", "cam1", DeviceId.parse("SN-1"), ADDRESS, Map.of(), List.of("v"),
                "", "", 1, 4000, 1);

        assertThat(legacy.txtSetAt(0)).isEqualTo(4000);
        assertThat(legacy.withoutTxtSetBefore(3000, 5000)).isNull();
        assertThat(legacy.withoutTxtSetBefore(4001, 5000).txt()).isEmpty();
    }

    @Test
    void anAddressUpdateLeavesTheTimesAsTheyWere() {
        NameRecord r = add(plain(), "one", 1000);

        NameRecord moved = r.merged(Addresses.of(IpLiteral.parse("198.51.100.2")), PrefixChange.NONE, null,
                RecordsChange.NONE, Map.of(), null, new RequestMeta("", "", 9000));

        assertThat(moved.txtSetAt(0)).isEqualTo(1000);
    }
}
