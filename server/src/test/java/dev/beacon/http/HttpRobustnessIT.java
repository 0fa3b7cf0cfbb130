package dev.beacon.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.RawHttp;
import dev.beacon.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken and unusual HTTP on a raw socket: a clear 4xx or a close, never a hang or a trace. */
class HttpRobustnessIT {

    @TempDir
    static Path dir;
    static TestServer beacon;

    @BeforeAll
    static void start() throws Exception {
        beacon = TestServer.in(dir).extra("http: {request-timeout: 1s, idle-timeout: 2s}").start();
    }

    @AfterAll
    static void stop() {
        beacon.close();
    }

    private RawHttp connect() throws Exception {
        return new RawHttp(beacon.port());
    }

    @Test
    void http10WithoutHostGetsAReplyAndTheConnectionClosed() throws Exception {
        try (RawHttp c = connect()) {
            RawHttp.Response r = c.send("GET /ipdetect.aspx HTTP/1.0\r\n\r\n").read();
            assertThat(r.statusLine()).isEqualTo("HTTP/1.0 200 OK");
            assertThat(r.body()).isEqualTo("127.0.0.1");
            assertThat(r.hasHeader("Connection: close")).isTrue();
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void http10KeepAliveIsHonoured() throws Exception {
        try (RawHttp c = connect()) {
            RawHttp.Response r = c.send("GET /ipdetect.aspx HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
            assertThat(r.hasHeader("Connection: keep-alive")).isTrue();
            assertThat(c.send("GET /ipdetect.aspx HTTP/1.0\r\n\r\n").read().body()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void hostWithOrWithoutPortIsAccepted() throws Exception {
        try (RawHttp c = connect()) {
            assertThat(c.send("GET /ipdetect.aspx HTTP/1.1\r\nHost: view.camera\r\n\r\n").read().status()).isEqualTo(200);
            assertThat(c.send("GET /ipdetect.aspx HTTP/1.1\r\nHost: view.camera:80\r\n\r\n").read().status()).isEqualTo(200);
        }
    }

    @Test
    void replyCarriesCanonicalHeadersAndExactBody() throws Exception {
        try (RawHttp c = connect()) {
            RawHttp.Response r = c.send("GET /update.aspx?mac=x HTTP/1.1\r\nHost: a\r\n\r\n").read();
            assertThat(r.head()).contains("\r\nContent-Type: text/plain; charset=utf-8\r\n")
                    .contains("\r\nCache-Control: no-store\r\n").contains("\r\nDate: ").contains("\r\nContent-Length: 2\r\n")
                    .doesNotContain("Transfer-Encoding");
            assertThat(r.body()).isEqualTo("02");
        }
    }

    @Test
    void urlOf16KibGets414() throws Exception {
        try (RawHttp c = connect()) {
            RawHttp.Response r = c.send("GET /add.aspx?dm=" + "a".repeat(16 * 1024) + " HTTP/1.1\r\nHost: a\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(414);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void headersOf64KibGet431() throws Exception {
        try (RawHttp c = connect()) {
            RawHttp.Response r = c.send("GET /ipdetect.aspx HTTP/1.1\r\nHost: a\r\nX-Big: " + "b".repeat(64 * 1024)
                    + "\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(431);
        }
    }

    @Test
    void bodyOverTheLimitGets413() throws Exception {
        try (RawHttp c = connect()) {
            RawHttp.Response r = c.send("POST /add.aspx HTTP/1.1\r\nHost: a\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: 100000\r\n\r\n" + "x".repeat(9000)).read();
            assertThat(r.status()).isEqualTo(413);
        }
    }

    @Test
    void invalidPercentEncodingGets400() throws Exception {
        try (RawHttp c = connect()) {
            RawHttp.Response r = c.send("GET /add.aspx?dm=%zz HTTP/1.1\r\nHost: a\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).contains("percent-encoding");
        }
    }

    @Test
    void invalidUtf8Gets400() throws Exception {
        try (RawHttp c = connect()) {
            assertThat(c.send("GET /add.aspx?dm=%C3%28 HTTP/1.1\r\nHost: a\r\n\r\n").read().status()).isEqualTo(400);
        }
    }

    @Test
    void unescapedUtf8InTheUrlIsReadAsUtf8() throws Exception {
        try (RawHttp c = connect()) {
            // RawHttp sends each char as one byte: these are the UTF-8 bytes of "müller", unescaped.
            RawHttp.Response r = c.send("GET /add.aspx?mac=" + beacon.token("SN-RAW-UTF8") + "&dm=m\u00c3\u00bcller HTTP/1.1\r\n"
                    + "Host: a\r\n\r\n").read();
            assertThat(r.body()).isEqualTo("10|xn--mller-kva.ddns.test");
        }
    }

    @Test
    void unescapedBytesThatAreNotUtf8Get400() throws Exception {
        try (RawHttp c = connect()) {
            assertThat(c.send("GET /add.aspx?dm=m\u00fcller HTTP/1.1\r\nHost: a\r\n\r\n").read().status()).isEqualTo(400);
        }
    }

    @Test
    void postBodyThatIsNotUtf8Gets400() throws Exception {
        String body = "mac=" + beacon.token("SN-RAW-POST") + "&dm=k\u00fcche";
        try (RawHttp c = connect()) {
            RawHttp.Response r = c.send("POST /add.aspx HTTP/1.1\r\nHost: a\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).read();
            assertThat(r.status()).isEqualTo(400);
        }
    }

    @Test
    void contentLengthWithTransferEncodingGets400() throws Exception {
        try (RawHttp c = connect()) {
            RawHttp.Response r = c.send("POST /add.aspx HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(400);
        }
    }

    @Test
    void plusSignedContentLengthGets400() throws Exception {
        try (RawHttp c = connect()) {
            assertThat(c.send("POST /add.aspx HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\nmac=x").read().status())
                    .isEqualTo(400);
        }
    }

    @Test
    void garbageRequestLineGets400() throws Exception {
        try (RawHttp c = connect()) {
            assertThat(c.send("\u0001\u0002 garbage\r\n\r\n").read().status()).isEqualTo(400);
        }
    }

    @Test
    void unsupportedMethodGets405() throws Exception {
        try (RawHttp c = connect()) {
            RawHttp.Response r = c.send("DELETE /add.aspx HTTP/1.1\r\nHost: a\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(405);
            assertThat(r.hasHeader("Allow: GET, POST")).isTrue();
        }
    }

    @Test
    void trickledHeadersGet408AtTheRequestTimeout() throws Exception {
        try (RawHttp c = connect()) {
            c.send("GET /ipdetect.aspx HTTP/1.1\r\n");
            long start = System.nanoTime();
            for (int i = 0; i < 6; i++) {
                Thread.sleep(300);
                try {
                    c.send("X");
                } catch (java.io.IOException closed) {
                    break;
                }
            }
            RawHttp.Response r = c.read();
            assertThat(r.status()).isEqualTo(408);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void connectionThatSendsNothingIsClosed() throws Exception {
        try (RawHttp c = connect()) {
            c.timeout(10_000);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void idleKeepAliveConnectionIsClosed() throws Exception {
        try (RawHttp c = connect()) {
            c.send("GET /ipdetect.aspx HTTP/1.1\r\nHost: a\r\n\r\n").read();
            c.timeout(10_000);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void pipelinedRepliesComeBackInRequestOrder() throws Exception {
        String token = beacon.token("SN-PIPE");
        try (RawHttp c = connect()) {
            // The add is a durable commit; the ipdetect and 02 are immediate. Order must hold anyway.
            c.send("GET /add.aspx?mac=" + token + "&dm=pipe&myip=198.51.100.4 HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "GET /ipdetect.aspx HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "GET /update.aspx?mac=bad HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(c.read().body()).isEqualTo("10|pipe.ddns.test");
            assertThat(c.read().body()).isEqualTo("127.0.0.1");
            assertThat(c.read().body()).isEqualTo("02");
        }
    }

    @Test
    void requestAfterHalfCloseIsStillAnswered() throws Exception {
        try (RawHttp c = connect()) {
            c.send("GET /ipdetect.aspx HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            c.shutdownOutput();
            assertThat(c.read().body()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void serverStillServesAfterAllOfThat() throws Exception {
        assertThat(beacon.body("/ipdetect.aspx")).isEqualTo("127.0.0.1");
    }
}
