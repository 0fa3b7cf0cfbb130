package dev.beacon.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Server cookies made and checked as RFC 9018 Appendix A shows them, byte for byte. */
class ServerCookiesTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final ServerCookies COOKIES = new ServerCookies(HEX.parseHex("e5e973e5a6b2a43f48e7dc849e37bfcf"));
    private final byte[] work = new byte[40];

    @Test
    void learningANewServerCookieMatchesAppendixA1() {
        assertThat(make("2464c4abcf10c957", "198.51.100.100", 1559731985L)).isEqualTo("010000005cf79f111f8130c3eee29480");
    }

    @Test
    void theSameClientRenewingMatchesAppendixA2() {
        assertThat(make("2464c4abcf10c957", "198.51.100.100", 1559734385L)).isEqualTo("010000005cf7a871d4a564a1442aca77");
    }

    @Test
    void anotherClientMatchesAppendixA3() {
        assertThat(make("fc93fc62807ddb86", "203.0.113.203", 1559734700L)).isEqualTo("010000005cf7a9acf73a7810aca2381e");
    }

    @Test
    void aCookieIsValidForItsClientWithinTheHour() {
        assertThat(valid("010000005cf79f111f8130c3eee29480", "198.51.100.100", 1559731985L + 3600)).isTrue();
    }

    @Test
    void aCookieIsRefusedFromAnotherAddress() {
        assertThat(valid("010000005cf79f111f8130c3eee29480", "198.51.100.101", 1559731985L)).isFalse();
    }

    @Test
    void aCookieOlderThanAnHourIsRefused() {
        assertThat(valid("010000005cf79f111f8130c3eee29480", "198.51.100.100", 1559731985L + 3601)).isFalse();
    }

    @Test
    void aCookieMoreThanFiveMinutesAheadIsRefused() {
        assertThat(valid("010000005cf79f111f8130c3eee29480", "198.51.100.100", 1559731985L - 301)).isFalse();
    }

    @Test
    void aCookieWithAnAlteredTimeIsRefused() {
        assertThat(valid("010000005cf79f121f8130c3eee29480", "198.51.100.100", 1559731986L)).isFalse();
    }

    @Test
    void aCookieUnderAnotherSecretIsRefused() {
        ServerCookies other = new ServerCookies(HEX.parseHex("445536bcd2513298075a5d379663c962"));
        byte[] server = HEX.parseHex("010000005cf79f111f8130c3eee29480");
        assertThat(other.valid(HEX.parseHex("2464c4abcf10c957"), server, 16, ip("198.51.100.100"), 1559731985L, work))
                .isFalse();
    }

    @Test
    void aCookieOfAnIpv6ClientIsValidForThatClientOnly() {
        byte[] client = HEX.parseHex("22681ab97d52c298");
        byte[] server = new byte[16];
        COOKIES.make(client, ip("2001:db8:220:1:59de:d0f4:8769:82b8"), 1559741817L, server, 0, work);
        assertThat(COOKIES.valid(client, server, 16, ip("2001:db8:220:1:59de:d0f4:8769:82b8"), 1559741817L, work))
                .isTrue();
        assertThat(COOKIES.valid(client, server, 16, ip("2001:db8:220:1:59de:d0f4:8769:82b9"), 1559741817L, work))
                .isFalse();
    }

    private String make(String client, String address, long now) {
        byte[] out = new byte[16];
        COOKIES.make(HEX.parseHex(client), ip(address), now, out, 0, work);
        return HEX.formatHex(out);
    }

    private boolean valid(String server, String address, long now) {
        return COOKIES.valid(HEX.parseHex("2464c4abcf10c957"), HEX.parseHex(server), 16, ip(address), now, work);
    }

    private static InetAddress ip(String text) {
        return DnsFixture.ip(text);
    }
}
