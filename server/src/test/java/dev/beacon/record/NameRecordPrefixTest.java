package dev.beacon.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.ip.IpLiteral;
import dev.beacon.token.DeviceId;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A name with an interface id takes its IPv6 address from its device's prefix; other names keep theirs. */
class NameRecordPrefixTest {

    private static final RequestMeta META = new RequestMeta("Acme - Router - 1.0", "198.51.100.1", 10);

    private static Addresses addresses(String v4, String v6) {
        return new Addresses(v4 == null ? null : (Inet4Address) IpLiteral.parse(v4),
                v6 == null ? null : (Inet6Address) IpLiteral.parse(v6));
    }

    private static NameRecord name(Addresses addresses, String interfaceId) {
        return new NameRecord("ddns.test", "host1", DeviceId.parse("SN-ROUTER"), addresses,
                NameExtras.of(interfaceId == null ? null : InterfaceId.parse(interfaceId), 0), Map.of(), List.of(), "", "", 1, 1, 1);
    }

    private static PrefixChange prefix(String text) {
        return new PrefixChange(null, false, Ipv6Prefix.parse(text));
    }

    @Test
    void aPrefixMovesANameWithAnInterfaceId() {
        NameRecord before = name(addresses(null, "2001:db8:1:1:1234:5678:9abc:def0"), "::1234:5678:9abc:def0");

        NameRecord after = before.merged(Addresses.NONE, prefix("2001:db8:1:2::/64"), null, RecordsChange.NONE, Map.of(), null, META);

        assertThat(after.addresses().v6Text()).isEqualTo("2001:db8:1:2:1234:5678:9abc:def0");
        assertThat(after.interfaceId()).isEqualTo(before.interfaceId());
        assertThat(before.unchangedBy(Addresses.NONE, prefix("2001:db8:1:2::/64"), null, RecordsChange.NONE, Map.of(), null)).isFalse();
        assertThat(after.unchangedBy(Addresses.NONE, prefix("2001:db8:1:2::/64"), null, RecordsChange.NONE, Map.of(), null)).isTrue();
    }

    @Test
    void aPrefixLeavesANameWhoseAddressWasGivenInFull() {
        NameRecord explicit = name(addresses(null, "2001:db8:ffff::1"), null);

        assertThat(explicit.unchangedBy(Addresses.NONE, prefix("2001:db8:1:2::/64"), null, RecordsChange.NONE, Map.of(), null)).isTrue();
        assertThat(explicit.merged(Addresses.NONE, prefix("2001:db8:1:2::/64"), null, RecordsChange.NONE, Map.of(), null, META).addresses())
                .isEqualTo(explicit.addresses());
    }

    @Test
    void theRequestsOwnIpv6AddressDoesNotMoveANameWithAnInterfaceId() {
        // A router updating over IPv6 without myip: its own address is the client address.
        NameRecord host = name(addresses("198.51.100.1", "2001:db8:1:1::5"), "::5");

        NameRecord after = host.merged(addresses("198.51.100.2", "2001:db8:ffff::1"), PrefixChange.NONE, null, RecordsChange.NONE, Map.of(), null,
                META);

        assertThat(after.addresses()).isEqualTo(addresses("198.51.100.2", "2001:db8:1:1::5"));
    }

    @Test
    void aNewInterfaceIdKeepsTheCurrentPrefixWhenTheRequestHasNone() {
        NameRecord explicit = name(addresses(null, "2001:db8:1:1::99"), null);

        NameRecord after = explicit.merged(Addresses.NONE, new PrefixChange(InterfaceId.parse("::5"), false, null),
                null, RecordsChange.NONE, Map.of(), null, META);

        assertThat(after.addresses().v6Text()).isEqualTo("2001:db8:1:1::5");
        assertThat(after.interfaceId().text()).isEqualTo("::5/64");
    }

    @Test
    void aNewInterfaceIdWithoutAnyPrefixLeavesTheNameWithoutAnIpv6Address() {
        NameRecord v4only = name(addresses("198.51.100.1", null), null);

        NameRecord after = v4only.merged(addresses(null, "2001:db8:ffff::1"),
                new PrefixChange(InterfaceId.parse("::5"), false, null), null, RecordsChange.NONE, Map.of(), null, META);

        assertThat(after.addresses()).isEqualTo(addresses("198.51.100.1", null));
        assertThat(after.merged(Addresses.NONE, prefix("2001:db8:1:2::/64"), null, RecordsChange.NONE, Map.of(), null, META).addresses().v6Text())
                .isEqualTo("2001:db8:1:2::5");
    }

    @Test
    void clearingTheInterfaceIdMakesTheAddressExplicitAgain() {
        NameRecord host = name(addresses(null, "2001:db8:1:1::5"), "::5");

        NameRecord cleared = host.merged(addresses(null, "2001:db8:ffff::7"), new PrefixChange(null, true, null),
                null, RecordsChange.NONE, Map.of(), null, META);

        assertThat(cleared.interfaceId()).isNull();
        assertThat(cleared.addresses().v6Text()).isEqualTo("2001:db8:ffff::7");
        assertThat(cleared.merged(Addresses.NONE, prefix("2001:db8:1:2::/64"), null, RecordsChange.NONE, Map.of(), null, META).addresses().v6Text())
                .isEqualTo("2001:db8:ffff::7");
    }

    @Test
    void theInterfaceIdSurvivesARenameAndACommit() {
        NameRecord host = name(addresses(null, "2001:db8:1:1::5"), "::5");

        assertThat(host.renamed("host9", 20).interfaceId()).isEqualTo(host.interfaceId());
        assertThat(host.withSeq(40).interfaceId()).isEqualTo(host.interfaceId());
    }
}
