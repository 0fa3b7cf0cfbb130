package dev.beacon.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.RawHttp;
import dev.beacon.testing.TestServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping the server closes its connections, so no client waits out a timeout on a dead server. */
class ShutdownIT {

    @TempDir
    Path dir;

    @Test
    void stoppingClosesKeepAliveHttpConnections() throws Exception {
        TestServer beacon = TestServer.in(dir).start();
        try (RawHttp c = new RawHttp(beacon.port())) {
            assertThat(c.send("GET /ipdetect.aspx HTTP/1.1\r\nHost: a\r\n\r\n").read().status()).isEqualTo(200);
            beacon.close();
            c.timeout(3000);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void stoppingClosesOpenDnsTcpConnections() throws Exception {
        TestServer beacon = TestServer.in(dir).start();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", beacon.dnsPort()), 3000);
            s.setSoTimeout(3000);
            beacon.close();
            InputStream in = s.getInputStream();
            assertThat(in.read()).isEqualTo(-1);
        }
    }
}
