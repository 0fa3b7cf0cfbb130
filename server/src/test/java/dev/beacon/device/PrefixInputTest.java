package dev.beacon.device;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.record.InterfaceId;
import dev.beacon.record.Ipv6Prefix;
import dev.beacon.record.PrefixChange;
import dev.beacon.record.TxtLimits;
import dev.beacon.zone.ZonePolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ipv6iid, myipv6prefix and ipv6prefix fields of a request, and when they deserve 04. */
class PrefixInputTest {

    private static final ZonePolicy OPEN = ZonePolicy.defaults();
    private static final ZonePolicy PUBLIC_ONLY = new ZonePolicy(true, false, 1, ZonePolicy.DEFAULT_RESERVED, false,
            TxtLimits.defaults(), ZonePolicy.ALL_TOKEN_VERSIONS, List.of());

    private static Params params(String... nameValues) {
        Params p = new Params();
        for (int i = 0; i < nameValues.length; i += 2) {
            p.add(nameValues[i], nameValues[i + 1]);
        }
        return p;
    }

    @Test
    void noFieldsAskForNoChange() {
        assertThat(PrefixInput.parse(params("myip", "2001:db8::1"), true, OPEN)).isSameAs(PrefixChange.NONE);
        assertThat(PrefixInput.parse(params("myipv6prefix", ""), true, OPEN)).isSameAs(PrefixChange.NONE);
    }

    @Test
    void readsTheInterfaceIdAndThePrefix() {
        assertThat(PrefixInput.parse(params("ipv6iid", "::5/56", "myipv6prefix", "2001:db8:1:ab00::/56"), true, OPEN))
                .isEqualTo(new PrefixChange(InterfaceId.parse("::5/56"), false, Ipv6Prefix.parse("2001:db8:1:ab00::/56")));
    }

    @Test
    void readsDynv6sPrefixFieldToo() {
        assertThat(PrefixInput.parse(params("ipv6prefix", "2001:db8:1:2::/64"), true, OPEN).prefix())
                .isEqualTo(Ipv6Prefix.parse("2001:db8:1:2::/64"));
    }

    @Test
    void anEmptyInterfaceIdClearsIt() {
        assertThat(PrefixInput.parse(params("ipv6iid", ""), true, OPEN)).isEqualTo(new PrefixChange(null, true, null));
    }

    @Test
    void aDialectWithoutInterfaceIdsIgnoresTheField() {
        assertThat(PrefixInput.parse(params("ipv6iid", "::5"), false, OPEN)).isSameAs(PrefixChange.NONE);
    }

    @Test
    void malformedOrAmbiguousFieldsDeserve04() {
        assertThat(PrefixInput.parse(params("ipv6iid", "2001:db8::5"), true, OPEN)).isNull();
        assertThat(PrefixInput.parse(params("ipv6iid", "::5", "ipv6iid", "::6"), true, OPEN)).isNull();
        assertThat(PrefixInput.parse(params("myipv6prefix", "2001:db8:1:2::1/64"), true, OPEN)).isNull();
        assertThat(PrefixInput.parse(params("myipv6prefix", "a", "myipv6prefix", "b"), true, OPEN)).isNull();
        assertThat(PrefixInput.parse(params("myipv6prefix", "2001:db8:1:2::/64", "ipv6prefix", "2001:db8:1:2::/64"),
                true, OPEN)).isNull();
    }

    @Test
    void aPrefixNoHostOfWhichTheZoneWouldTakeDeserves04() {
        assertThat(PrefixInput.parse(params("myipv6prefix", "ff02::/64"), true, OPEN)).as("multicast").isNull();
        assertThat(PrefixInput.parse(params("myipv6prefix", "fd00:1:2:3::/64"), true, PUBLIC_ONLY)).as("ULA").isNull();
        assertThat(PrefixInput.parse(params("myipv6prefix", "fd00:1:2:3::/64"), true, OPEN)).isNotNull();
        assertThat(PrefixInput.parse(params("myipv6prefix", "2a00:1450:4001:81c::/64"), true, PUBLIC_ONLY)).isNotNull();
    }
}
