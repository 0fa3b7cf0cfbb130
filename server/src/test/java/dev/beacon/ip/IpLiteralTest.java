package dev.beacon.ip;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {

    @ParameterizedTest
    @CsvSource({
        "1.2.3.4, 1.2.3.4",
        "0.0.0.0, 0.0.0.0",
        "255.255.255.255, 255.255.255.255",
        "2001:db8::1, 2001:db8::1",
        "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
        "::, ::",
        "::1, ::1",
        "fe80::1, fe80::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "1:0:0:2:0:0:0:3, 1:0:0:2::3",
        "::ffff:203.0.113.7, 203.0.113.7",
        "64:ff9b::203.0.113.7, 64:ff9b::cb00:7107",
        "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8"
    })
    void wellFormedLiteralsParseToTheirCanonicalText(String text, String canonical) {
        assertThat(IpLiteral.format(IpLiteral.parse(text))).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1.2.3", "1.2.3.4.5", "256.1.1.1", "010.1.1.1", "01.2.3.4", "1.2.3.-4",
        "1..2.3", " 1.2.3.4", "1.2.3.4 ", "fe80::1%eth0", "[::1]", "1::2::3", "1:2:3:4:5:6:7:8:9",
        "12345::", ":1::", "1:", "::1.2.3", "1.2.3.4::", "g::1", "1:2:3:4:5:6:7::8:9", "", "١.٢.٣.٤",
        "1.2.3.4/24", "0x7f.0.0.1", "2130706433"})
    void malformedLiteralsAreRefused(String text) {
        assertThat(IpLiteral.parse(text)).isNull();
    }

    @Test
    void ipv4MappedIpv6IsTheIpv4AddressItMaps() {
        assertThat(IpLiteral.parse("::ffff:1.2.3.4")).isInstanceOf(Inet4Address.class);
    }
}
