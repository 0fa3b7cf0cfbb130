package dev.beacon.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.ip.IpLiteral;
import dev.beacon.token.DeviceId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A name's own TTL: set, kept by requests that say nothing of it, given back to the zone by 0. */
class NameRecordTtlTest {

    private static final RequestMeta META = new RequestMeta("Acme", "198.51.100.1", 10);
    private static final Addresses ADDRESS = Addresses.of(IpLiteral.parse("198.51.100.1"));

    private static NameRecord plain() {
        return new NameRecord("ddns.test", "cam1", DeviceId.parse("SN-1"), ADDRESS, Map.of(), List.of(), "", "", 1, 1, 1);
    }

    @Test
    void aNameWithoutItsOwnTtlAnswersWithTheZones() {
        assertThat(plain().ttl()).isZero();
        assertThat(plain().ttlOr(60)).isEqualTo(60);
        assertThat(plain().extras()).isNull();
    }

    @Test
    void aTtlIsSetKeptAndGivenBack() {
        NameRecord set = plain().merged(ADDRESS, PrefixChange.NONE, 300, RecordsChange.NONE, Map.of(), null, META);
        NameRecord kept = set.merged(ADDRESS, PrefixChange.NONE, null, RecordsChange.NONE, Map.of(), null, META);
        NameRecord back = kept.merged(ADDRESS, PrefixChange.NONE, 0, RecordsChange.NONE, Map.of(), null, META);

        assertThat(set.ttlOr(60)).isEqualTo(300);
        assertThat(kept.ttlOr(60)).isEqualTo(300);
        assertThat(back.ttlOr(60)).isEqualTo(60);
        assertThat(back.extras()).as("nothing left to hold").isNull();
    }

    @Test
    void onlyADifferentTtlIsAChange() {
        NameRecord set = plain().merged(ADDRESS, PrefixChange.NONE, 300, RecordsChange.NONE, Map.of(), null, META);

        assertThat(set.unchangedBy(ADDRESS, PrefixChange.NONE, 300, RecordsChange.NONE, Map.of(), null)).isTrue();
        assertThat(set.unchangedBy(ADDRESS, PrefixChange.NONE, null, RecordsChange.NONE, Map.of(), null)).isTrue();
        assertThat(set.unchangedBy(ADDRESS, PrefixChange.NONE, 600, RecordsChange.NONE, Map.of(), null)).isFalse();
        assertThat(set.unchangedBy(ADDRESS, PrefixChange.NONE, 0, RecordsChange.NONE, Map.of(), null)).isFalse();
        assertThat(plain().unchangedBy(ADDRESS, PrefixChange.NONE, 0, RecordsChange.NONE, Map.of(), null)).isTrue();
    }

    @Test
    void theTtlAndTheInterfaceIdAreKeptTogether() {
        NameRecord both = plain().merged(Addresses.NONE, new PrefixChange(InterfaceId.parse("::5"), false,
                Ipv6Prefix.parse("2001:db8:1:2::/64")), 300, RecordsChange.NONE, Map.of(), null, META);
        NameRecord cleared = both.merged(Addresses.NONE, new PrefixChange(null, true, null), null, RecordsChange.NONE, Map.of(), null, META);

        assertThat(both.extras()).isEqualTo(new NameExtras(InterfaceId.parse("::5"), 300));
        assertThat(cleared.extras()).isEqualTo(new NameExtras(null, 300));
        assertThat(cleared.renamed("cam2", 20).ttl()).isEqualTo(300);
    }
}
