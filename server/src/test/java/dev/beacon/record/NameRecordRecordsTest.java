package dev.beacon.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.ip.IpLiteral;
import dev.beacon.token.DeviceId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A name's CNAME and MX records; a CNAME stands alone at its name. */
class NameRecordRecordsTest {

    private static final RequestMeta META = new RequestMeta("Acme", "198.51.100.1", 10);
    private static final Addresses ADDRESS = Addresses.of(IpLiteral.parse("198.51.100.1"));
    private static final ExtraRecord CNAME = ExtraRecord.parse(ExtraRecord.Kind.CNAME, "cam2.example.com");
    private static final ExtraRecord MX = ExtraRecord.parse(ExtraRecord.Kind.MX, "10 mail.example.com");

    private static NameRecord plain() {
        return new NameRecord("ddns.test", "cam1", DeviceId.parse("SN-1"), ADDRESS, Map.of(), List.of("a value"), "",
                "", 1, 1, 1);
    }

    private static RecordsChange set(ExtraRecord.Kind kind, ExtraRecord... records) {
        return new RecordsChange(Map.of(kind, List.of(records)));
    }

    private static NameRecord merge(NameRecord r, Addresses addresses, RecordsChange change) {
        return r.merged(addresses, PrefixChange.NONE, null, change, Map.of(), null, META);
    }

    @Test
    void anMxIsKeptBesideTheAddresses() {
        NameRecord withMx = merge(plain(), ADDRESS, set(ExtraRecord.Kind.MX, MX));

        assertThat(withMx.records()).containsExactly(MX);
        assertThat(withMx.addresses()).isEqualTo(ADDRESS);
        assertThat(withMx.txt()).containsExactly("a value");
    }

    @Test
    void aCnameReplacesEverythingElseAtTheName() {
        NameRecord withMx = merge(plain(), ADDRESS, set(ExtraRecord.Kind.MX, MX));

        NameRecord aliased = merge(withMx, ADDRESS, set(ExtraRecord.Kind.CNAME, CNAME));

        assertThat(aliased.records()).containsExactly(CNAME);
        assertThat(aliased.addresses().isEmpty()).isTrue();
        assertThat(aliased.txt()).isEmpty();
    }

    @Test
    void whileItHasACnameARequestsAddressesAndMxAreNotKept() {
        NameRecord aliased = merge(plain(), ADDRESS, set(ExtraRecord.Kind.CNAME, CNAME));

        assertThat(aliased.unchangedBy(Addresses.of(IpLiteral.parse("203.0.113.9")), PrefixChange.NONE, null,
                RecordsChange.NONE, Map.of(), null)).isTrue();
        assertThat(merge(aliased, ADDRESS, set(ExtraRecord.Kind.MX, MX)).records()).containsExactly(CNAME);
        assertThat(aliased.merged(ADDRESS, PrefixChange.NONE, null, RecordsChange.NONE, Map.of(),
                TxtChange.replacingWith(List.of("acme")).within(TxtLimits.defaults()), META).txt()).isEmpty();
    }

    @Test
    void removingTheCnameLetsTheSameRequestsAddressesIn() {
        NameRecord aliased = merge(plain(), ADDRESS, set(ExtraRecord.Kind.CNAME, CNAME));

        NameRecord back = merge(aliased, ADDRESS, set(ExtraRecord.Kind.CNAME));

        assertThat(back.records()).isEmpty();
        assertThat(back.addresses()).isEqualTo(ADDRESS);
        assertThat(back.extras()).isNull();
    }

    @Test
    void aRequestThatSaysNothingOfATypeLeavesIt() {
        NameRecord withMx = merge(plain(), ADDRESS, set(ExtraRecord.Kind.MX, MX));

        assertThat(withMx.unchangedBy(ADDRESS, PrefixChange.NONE, null, RecordsChange.NONE, Map.of(), null)).isTrue();
        assertThat(withMx.unchangedBy(ADDRESS, PrefixChange.NONE, null, set(ExtraRecord.Kind.CNAME), Map.of(), null))
                .as("removing a CNAME it does not have").isTrue();
        assertThat(withMx.unchangedBy(ADDRESS, PrefixChange.NONE, null, set(ExtraRecord.Kind.MX), Map.of(), null))
                .isFalse();
    }
}
