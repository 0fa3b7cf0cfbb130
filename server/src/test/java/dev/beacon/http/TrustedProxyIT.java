package dev.beacon.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.RawHttp;
import dev.beacon.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client address behind a reverse proxy, over real sockets: the test plays the proxy on
 * loopback, passing on what a client sent and adding its own header as nginx would.
 */
class TrustedProxyIT {

    @TempDir
    Path dir;

    private static String ipdetect(TestServer beacon, String headers) throws Exception {
        try (RawHttp http = new RawHttp(beacon.port())) {
            return http.send("GET /ipdetect.aspx HTTP/1.1\r\nHost: ddns.test\r\n" + headers + "\r\n").read().body();
        }
    }

    @Test
    void h1AForwardedHeaderAClientSendsThroughAnXForwardedForProxyIsIgnored() throws Exception {
        try (TestServer beacon = TestServer.in(dir).extra("trusted-proxies: [127.0.0.1/32]").start()) {
            assertThat(ipdetect(beacon, "Forwarded: for=6.6.6.6\r\nX-Forwarded-For: 203.0.113.7\r\n"))
                    .isEqualTo("203.0.113.7");
        }
    }

    @Test
    void h1TheProxysOwnLineIsReadWhenTheClientSentALineOfTheSameHeader() throws Exception {
        try (TestServer beacon = TestServer.in(dir).extra("trusted-proxies: [127.0.0.1/32]").start()) {
            assertThat(ipdetect(beacon, "X-Forwarded-For: 6.6.6.6\r\nX-Forwarded-For: 203.0.113.7\r\n"))
                    .isEqualTo("203.0.113.7");
        }
    }

    @Test
    void aProxyConfiguredForForwardedIsReadThereOnly() throws Exception {
        try (TestServer beacon = TestServer.in(dir)
                .extra("trusted-proxies: [{from: 127.0.0.1, header: forwarded}]").start()) {
            assertThat(ipdetect(beacon, "X-Forwarded-For: 6.6.6.6\r\nForwarded: for=\"[2001:db8::7]:443\"\r\n"))
                    .isEqualTo("2001:db8::7");
        }
    }
}
