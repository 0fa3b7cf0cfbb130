package dev.beacon.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.ip.IpLiteral;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Addresses keep only numbers and give back the addresses they were made of. */
class AddressesTest {

    private static Inet4Address v4(String text) {
        return (Inet4Address) IpLiteral.parse(text);
    }

    private static Inet6Address v6(String text) throws Exception {
        return (Inet6Address) InetAddress.getByName(text);
    }

    @Test
    void givesBackTheAddressesItWasMadeOf() throws Exception {
        Addresses a = new Addresses(v4("203.0.113.7"), v6("2001:db8::1"));

        assertThat(a.v4()).isEqualTo(v4("203.0.113.7"));
        assertThat(a.v6()).isEqualTo(v6("2001:db8::1"));
        assertThat(a.v4Text()).isEqualTo("203.0.113.7");
        assertThat(a.v6Text()).isEqualTo("2001:db8::1");
        assertThat(a.hasV4()).isTrue();
        assertThat(a.hasV6()).isTrue();
    }

    @Test
    void anIpv4MappedIpv6AddressStaysAnIpv6Address() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = (byte) 192;
        mapped[15] = 1;
        Inet6Address six = Inet6Address.getByAddress(null, mapped, (java.net.NetworkInterface) null);

        Addresses a = new Addresses(null, six);

        assertThat(a.v6()).isInstanceOf(Inet6Address.class).isEqualTo(six);
        assertThat(a.hasV4()).isFalse();
    }

    @Test
    void theAddressZeroIsAnAddressNotAnAbsence() {
        Addresses zero = new Addresses(v4("0.0.0.0"), null);

        assertThat(zero.hasV4()).isTrue();
        assertThat(zero.isEmpty()).isFalse();
        assertThat(zero).isNotEqualTo(Addresses.NONE);
    }

    @Test
    void mergeReplacesOnlyTheFamiliesTheUpdateCarries() throws Exception {
        Addresses held = new Addresses(v4("192.0.2.1"), v6("2001:db8::1"));

        assertThat(held.merge(new Addresses(v4("192.0.2.2"), null)))
                .isEqualTo(new Addresses(v4("192.0.2.2"), v6("2001:db8::1")));
        assertThat(held.merge(new Addresses(null, v6("2001:db8::2"))))
                .isEqualTo(new Addresses(v4("192.0.2.1"), v6("2001:db8::2")));
        assertThat(Addresses.NONE.merge(Addresses.NONE)).isEqualTo(Addresses.NONE).matches(Addresses::isEmpty);
    }

    @Test
    void equalAddressesAreEqualAndHashAlike() throws Exception {
        Addresses a = new Addresses(v4("192.0.2.1"), v6("2001:db8::1"));
        Addresses b = new Addresses(v4("192.0.2.1"), v6("2001:db8:0:0::1"));

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new Addresses(v4("192.0.2.1"), null));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "203.0.113.7, true", "203.0.113.70, false", "203.0.113., false", "203.0.113, false",
        "203.0.113.07, false", "203.000.113.7, false", "' 203.0.113.7', false", "'203.0.113.7 ', false",
        "203.0.113.7:80, false", "203-0-113-7, false", "203.0.113.8, false", "'', false"})
    void recognisesItsIPv4AddressInTheFormItWrites(String text, boolean expected) {
        assertThat(new Addresses(v4("203.0.113.7"), null).isV4Text(text)).isEqualTo(expected);
    }

    @Test
    void recognisesTheEdgesOfTheIPv4Range() {
        assertThat(new Addresses(v4("0.0.0.0"), null).isV4Text("0.0.0.0")).isTrue();
        assertThat(new Addresses(v4("255.255.255.255"), null).isV4Text("255.255.255.255")).isTrue();
        assertThat(new Addresses(v4("10.0.0.1"), null).isV4Text("10.0.0.10")).isFalse();
    }

    @Test
    void withoutAnIPv4AddressNoTextIsIt() throws Exception {
        assertThat(new Addresses(null, v6("2001:db8::1")).isV4Text("0.0.0.0")).isFalse();
        assertThat(new Addresses(v4("192.0.2.1"), null).isV4Text(null)).isFalse();
    }

    @net.jqwik.api.Property
    void anyIPv4AddressRecognisesExactlyTheTextItWrites(@net.jqwik.api.ForAll int bits,
            @net.jqwik.api.ForAll @net.jqwik.api.constraints.CharRange(from = '.', to = '9')
            @net.jqwik.api.constraints.StringLength(max = 16) String other) {
        Addresses a = Addresses.ofBits(true, bits, false, 0, 0);
        assertThat(a.isV4Text(a.v4Text())).isTrue();
        assertThat(a.isV4Text(other)).isEqualTo(other.equals(a.v4Text()));
    }
}
