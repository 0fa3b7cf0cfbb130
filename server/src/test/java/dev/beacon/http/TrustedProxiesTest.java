package dev.beacon.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.ip.Cidr;
import dev.beacon.ip.IpLiteral;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    private final InetAddress proxy = IpLiteral.parse("10.0.0.5");
    private final InetAddress direct = IpLiteral.parse("198.51.100.9");
    private final TrustedProxies xff = new TrustedProxies(
            List.of(new TrustedProxy(Cidr.parse("10.0.0.0/8"), TrustedProxy.Header.X_FORWARDED_FOR)));
    private final TrustedProxies forwarded = new TrustedProxies(
            List.of(new TrustedProxy(Cidr.parse("10.0.0.0/8"), TrustedProxy.Header.FORWARDED)));

    private static InetAddress client(TrustedProxies proxies, InetAddress peer, Map<String, List<String>> headers) {
        return proxies.clientOf(peer, headers::get);
    }

    @Test
    void headersFromADirectClientAreIgnored() {
        assertThat(client(xff, direct, Map.of("X-Forwarded-For", List.of("1.2.3.4")))).isEqualTo(direct);
    }

    @Test
    void withNoProxiesConfiguredHeadersAreAlwaysIgnored() {
        assertThat(client(new TrustedProxies(List.of()), proxy, Map.of("X-Forwarded-For", List.of("1.2.3.4"),
                "Forwarded", List.of("for=1.2.3.4")))).isEqualTo(proxy);
    }

    @Test
    void xForwardedForFromATrustedProxyGivesTheClient() {
        assertThat(client(xff, proxy, Map.of("X-Forwarded-For", List.of("1.2.3.4")))).isEqualTo(IpLiteral.parse("1.2.3.4"));
    }

    @Test
    void theRightmostUntrustedHopIsTheClientSoSpoofedLeftEntriesDoNotCount() {
        assertThat(client(xff, proxy, Map.of("X-Forwarded-For", List.of("6.6.6.6, 1.2.3.4, 10.0.0.7"))))
                .isEqualTo(IpLiteral.parse("1.2.3.4"));
    }

    @Test
    void h1AForwardedHeaderTheClientSentIsIgnoredWhereTheProxyWritesXForwardedFor() {
        assertThat(client(xff, proxy, Map.of("Forwarded", List.of("for=6.6.6.6"), "X-Forwarded-For", List.of("1.2.3.4"))))
                .isEqualTo(IpLiteral.parse("1.2.3.4"));
    }

    @Test
    void anXForwardedForTheClientSentIsIgnoredWhereTheProxyWritesForwarded() {
        assertThat(client(forwarded, proxy, Map.of("X-Forwarded-For", List.of("6.6.6.6"),
                "Forwarded", List.of("for=\"[2001:db8::7]:4711\";proto=https")))).isEqualTo(IpLiteral.parse("2001:db8::7"));
    }

    @Test
    void everyLineOfTheHeaderCountsSoTheProxysOwnLineIsRead() {
        // The client sent one line; the proxy added its own below it instead of extending it.
        assertThat(client(xff, proxy, Map.of("X-Forwarded-For", List.of("1.2.3.4", "6.6.6.6"))))
                .isEqualTo(IpLiteral.parse("6.6.6.6"));
        assertThat(client(forwarded, proxy, Map.of("Forwarded", List.of("for=6.6.6.6", "for=1.2.3.4"))))
                .isEqualTo(IpLiteral.parse("1.2.3.4"));
    }

    @Test
    void garbageInTheHeaderFallsBackToThePeer() {
        assertThat(client(xff, proxy, Map.of("X-Forwarded-For", List.of("not-an-ip")))).isEqualTo(proxy);
        assertThat(client(forwarded, proxy, Map.of("Forwarded", List.of("for=unknown")))).isEqualTo(proxy);
    }

    @Test
    void aProxyThatSentNoHeaderIsTheClient() {
        assertThat(client(xff, proxy, Map.of())).isEqualTo(proxy);
    }
}
