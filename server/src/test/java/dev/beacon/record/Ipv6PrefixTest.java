package dev.beacon.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What myipv6prefix= and ipv6prefix= accept as a delegated prefix. */
class Ipv6PrefixTest {

    @ParameterizedTest(name = "{0} reads as {1}")
    @CsvSource(delimiter = '|', textBlock = """
            2001:db8:1:2::/64         | 2001:db8:1:2:0:0:0:0/64
            2001:db8:1:2::            | 2001:db8:1:2:0:0:0:0/64
            ' 2001:db8:1::/48 '       | 2001:db8:1:0:0:0:0:0/48
            2001:db8:1:ab00::/56      | 2001:db8:1:ab00:0:0:0:0/56
            2001:db8::5/128           | 2001:db8:0:0:0:0:0:5/128
            2000::/3                  | 2000:0:0:0:0:0:0:0/3
            """)
    void readsAPrefix(String text, String read) {
        Ipv6Prefix prefix = Ipv6Prefix.parse(text);
        assertThat(Ipv6Bits.address(prefix.high(), prefix.low()).getHostAddress() + "/" + prefix.length())
                .isEqualTo(read);
    }

    @ParameterizedTest(name = "{0} is refused")
    @CsvSource(delimiter = '|', textBlock = """
            2001:db8:1:2::1/64        | bits after the length: which address was meant is unknown
            2001:db8:1:2::/48         | bits after the length
            2001:db8::/0              | a length of zero
            2001:db8::/129            | a length past 128
            2001:db8::/               | no length after the slash
            192.0.2.0/24              | IPv4
            not-a-prefix/64           | not an address
            ''                        | empty
            """)
    void refusesWhatIsNotAPrefix(String text, String why) {
        assertThat(Ipv6Prefix.parse(text)).as(why).isNull();
    }
}
