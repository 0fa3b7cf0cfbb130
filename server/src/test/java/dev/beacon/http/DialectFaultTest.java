package dev.beacon.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.dialect.Dialect;
import dev.beacon.dialect.DuckDnsDialect;
import dev.beacon.dialect.Dyndns2Dialect;
import dev.beacon.dialect.NativeDialect;
import dev.beacon.dialect.WebReply;
import dev.beacon.dialect.WebRequest;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A fault while answering (a bug, an unexpected exception) is answered in the words of the
 * dialect the client speaks, so its client backs off as it would for any server error: native
 * {@code 12}, dyndns2 {@code 911}, DuckDNS {@code KO}. Never a stack trace, never a hang.
 */
class DialectFaultTest {

    /** A real dialect whose handling fails, as a bug would make it fail. */
    private static Dialect failing(Dialect speaking) {
        return new Dialect() {
            @Override
            public boolean serves(String path) {
                return true;
            }

            @Override
            public CompletableFuture<WebReply> handle(WebRequest request) {
                throw new IllegalStateException("a bug");
            }

            @Override
            public WebReply fault(WebRequest request) {
                return speaking.fault(request);
            }
        };
    }

    @Test
    void nativeClientsHear12() {
        FullHttpResponse r = answer(failing(new NativeDialect(null)), "/update.aspx?mac=x");
        assertThat(r.status().code()).isEqualTo(200);
        assertThat(r.content().toString(StandardCharsets.UTF_8)).isEqualTo("12");
        r.release();
    }

    @Test
    void dyndns2ClientsHear911WithRetryAfter() {
        FullHttpResponse r = answer(failing(new Dyndns2Dialect(null)), "/nic/update?hostname=cam1.ddns.test");
        assertThat(r.status().code()).isEqualTo(503);
        assertThat(r.content().toString(StandardCharsets.UTF_8)).isEqualTo("911");
        assertThat(r.headers().get("Retry-After")).isEqualTo("30");
        r.release();
    }

    @Test
    void duckDnsClientsHearKo() {
        FullHttpResponse r = answer(failing(new DuckDnsDialect(null)), "/update?domains=cam1&token=t");
        assertThat(r.status().code()).isEqualTo(503);
        assertThat(r.content().toString(StandardCharsets.UTF_8)).isEqualTo("KO");
        r.release();
    }

    private static FullHttpResponse answer(Dialect dialect, String uri) {
        EmbeddedChannel channel = new EmbeddedChannel() {
            @Override
            protected SocketAddress remoteAddress0() {
                return new InetSocketAddress("127.0.0.1", 40000);
            }
        };
        ConnectionTimer timer = new ConnectionTimer(HttpSettings.defaults());
        channel.pipeline().addLast(timer, new DeviceHttpHandler(List.of(dialect), new TrustedProxies(List.of()),
                new HttpDate(Clock.systemUTC()), timer, 16));
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri));
        channel.runPendingTasks();
        FullHttpResponse response = channel.readOutbound();
        channel.finishAndReleaseAll();
        return response;
    }
}
