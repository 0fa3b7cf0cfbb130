package dev.beacon.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** What ipv6iid= accepts as a name's interface id, and the address it makes under a prefix. */
class InterfaceIdTest {

    @ParameterizedTest(name = "{0} reads as {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ::1234:5678:9abc:def0      | ::1234:5678:9abc:def0/64
            ::1234:5678:9abc:def0/64   | ::1234:5678:9abc:def0/64
            ' ::5 '                    | ::5/64
            ::1:0:0:0:5/56             | ::1:0:0:0:5/56
            ::ab:0:5/80                | ::ab:0:5/80
            ::1/127                    | ::1/127
            ::1/1                      | ::1/1
            """)
    void readsAnInterfaceIdWithItsPrefixLength(String text, String read) {
        assertThat(InterfaceId.parse(text).text()).isEqualTo(read);
    }

    @ParameterizedTest(name = "{0} is refused")
    @CsvSource(delimiter = '|', textBlock = """
            2001:db8::1               | bits within the /64 prefix
            ::1:0:0:0:5/64            | bits within the /64 prefix
            ::ab:0:0:5/80             | bits within the /80 prefix
            ::1:0:0:0:0/56            | the last 64 bits zero: a network, not a host
            ::                        | all zero
            ::5/0                     | no prefix at all
            ::5/128                   | no interface id left
            ::5/129                   | a length past 128
            ::5/064                   | a length with a leading zero
            ::5/                      | no length after the slash
            ::5/6x                    | a length that is not a number
            ::5/64/64                 | two slashes
            192.0.2.5                 | IPv4
            ::ffff:192.0.2.5          | IPv4-mapped: IPv4
            fe80::5%eth0              | a zone id
            not-an-address            | not an address
            ''                        | empty
            """)
    void refusesWhatIsNotAnInterfaceId(String text, String why) {
        assertThat(InterfaceId.parse(text)).as(why).isNull();
    }

    @Test
    void takesThePrefixLengthItsLengthSaysAndKeepsItsOwnBits() {
        InterfaceId id = InterfaceId.parse("::1:0:0:0:5/56");
        Ipv6Prefix prefix = Ipv6Prefix.parse("2001:db8:1:ab00::/56");

        assertThat(Ipv6Bits.address(id.highUnder(prefix.high()), id.lowUnder(prefix.low())).getHostAddress())
                .isEqualTo("2001:db8:1:ab01:0:0:0:5");
    }

    @Test
    void aLongerPrefixThanTheNamesGivesOnlyItsFirstBits() {
        InterfaceId id = InterfaceId.parse("::1234:5678:9abc:def0");
        Ipv6Prefix prefix = Ipv6Prefix.parse("2001:db8:1:2:3::/80");

        assertThat(Ipv6Bits.address(id.highUnder(prefix.high()), id.lowUnder(prefix.low())).getHostAddress())
                .isEqualTo("2001:db8:1:2:1234:5678:9abc:def0");
    }
}
