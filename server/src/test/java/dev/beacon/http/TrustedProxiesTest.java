package dev.beacon.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.ip.Cidr;
import dev.beacon.ip.IpLiteral;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    private final InetAddress proxy = IpLiteral.parse("10.0.0.5");
    private final InetAddress direct = IpLiteral.parse("198.51.100.9");
    private final TrustedProxies trusted = new TrustedProxies(List.of(Cidr.parse("10.0.0.0/8")));

    @Test
    void headersFromADirectClientAreIgnored() {
        assertThat(trusted.clientOf(direct, "for=1.2.3.4", "1.2.3.4")).isEqualTo(direct);
    }

    @Test
    void withNoProxiesConfiguredHeadersAreAlwaysIgnored() {
        assertThat(new TrustedProxies(List.of()).clientOf(proxy, "for=1.2.3.4", "1.2.3.4")).isEqualTo(proxy);
    }

    @Test
    void xForwardedForFromATrustedProxyGivesTheClient() {
        assertThat(trusted.clientOf(proxy, null, "1.2.3.4")).isEqualTo(IpLiteral.parse("1.2.3.4"));
    }

    @Test
    void theRightmostUntrustedHopIsTheClientSoSpoofedLeftEntriesDoNotCount() {
        assertThat(trusted.clientOf(proxy, null, "6.6.6.6, 1.2.3.4, 10.0.0.7")).isEqualTo(IpLiteral.parse("1.2.3.4"));
    }

    @Test
    void forwardedHeaderWinsAndMayQuoteIpv6WithPort() {
        assertThat(trusted.clientOf(proxy, "for=\"[2001:db8::7]:4711\";proto=https", "1.2.3.4"))
                .isEqualTo(IpLiteral.parse("2001:db8::7"));
    }

    @Test
    void garbageInTheHeaderFallsBackToThePeer() {
        assertThat(trusted.clientOf(proxy, "for=unknown", "not-an-ip")).isEqualTo(proxy);
    }
}
