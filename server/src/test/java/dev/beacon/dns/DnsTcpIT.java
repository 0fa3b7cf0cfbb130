package dev.beacon.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.PeerClose;
import dev.beacon.testing.TestServer;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DNS over TCP, catalogue section D, on raw sockets. Timeouts are shortened for the test. */
class DnsTcpIT {

    @TempDir
    static Path dir;
    static TestServer beacon;

    @BeforeAll
    static void start() throws Exception {
        beacon = TestServer.in(dir).extra("dns: {tcp-initial-timeout: 1s, tcp-idle-timeout: 1s, "
                + "tcp-message-timeout: 500ms, max-tcp-connections: 8}").start();
        beacon.add("SN-1", "cam1", "myip=198.51.100.7");
    }

    @AfterAll
    static void stop() {
        beacon.close();
    }

    /** A TCP connection speaking length-prefixed DNS. */
    static final class Conn implements AutoCloseable {
        final Socket socket = new Socket();
        final OutputStream out;
        final DataInputStream in;

        Conn() throws IOException {
            this(beacon.dnsPort());
        }

        Conn(int port) throws IOException {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 3000);
            socket.setSoTimeout(5000);
            out = socket.getOutputStream();
            in = new DataInputStream(socket.getInputStream());
        }

        Conn send(byte[] message) throws IOException {
            out.write(framed(message));
            out.flush();
            return this;
        }

        byte[] read() throws IOException {
            int length = in.readUnsignedShort();
            byte[] m = new byte[length];
            in.readFully(m);
            return m;
        }

        boolean closedByServer() {
            return PeerClose.seenOn(in);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static byte[] framed(byte[] message) {
        byte[] f = new byte[message.length + 2];
        f[0] = (byte) (message.length >>> 8);
        f[1] = (byte) message.length;
        System.arraycopy(message, 0, f, 2, message.length);
        return f;
    }

    static byte[] query(int id) {
        byte[] q = Packet.query("cam1.ddns.test", 1, 0).build();
        q[0] = (byte) (id >>> 8);
        q[1] = (byte) id;
        return q;
    }

    static int rcode(byte[] reply) {
        return reply[3] & 0xF;
    }

    @Test
    void d1MessageShorterThanAHeaderClosesTheConnection() throws Exception {
        try (Conn c = new Conn()) {
            c.out.write(new byte[] {0, 11, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void d2LargestMessageThenANormalOneAreBothAnswered() throws Exception {
        byte[] big = new byte[65535];
        System.arraycopy(query(1), 0, big, 0, query(1).length);
        try (Conn c = new Conn()) {
            c.send(big).send(query(2));
            assertThat(rcode(c.read())).isEqualTo(1);
            byte[] second = c.read();
            assertThat(rcode(second)).isZero();
            assertThat(second[1]).isEqualTo((byte) 2);
        }
    }

    @Test
    void d3AStreamOfMegabytesFromAClientThatDoesNotReadLeavesTheServerServing() throws Exception {
        try (Conn flooder = new Conn()) {
            byte[] one = framed(query(3));
            byte[] chunk = new byte[one.length * 1000];
            for (int i = 0; i < 1000; i++) {
                System.arraycopy(one, 0, chunk, i * one.length, one.length);
            }
            flooder.socket.setSoTimeout(2000);
            Thread writer = new Thread(() -> {
                try {
                    for (int sent = 0; sent < 6 * 1024 * 1024; sent += chunk.length) {
                        flooder.out.write(chunk);
                    }
                } catch (IOException e) {
                    // The server may stop reading or close; either is fine.
                }
            });
            writer.setDaemon(true);
            writer.start();
            try (Conn other = new Conn()) {
                assertThat(rcode(other.send(query(4)).read())).isZero();
            }
        }
    }

    @Test
    void d12AClientThatNeverReadsStopsBeingAnsweredOnceItsAnswersQueueUp(@TempDir Path own) throws Exception {
        // The packaged server in a process of its own (epoll, its own heap), as in production.
        int dns = dev.beacon.testing.FreePort.tcp();
        int admin = dev.beacon.testing.FreePort.tcp();
        java.nio.file.Files.writeString(own.resolve("beacon.yaml"), TestServer.in(own).yaml()
                .replace("dns: 127.0.0.1:0", "dns: 127.0.0.1:" + dns).replace("admin: 127.0.0.1:0", "admin: 127.0.0.1:" + admin));
        try (dev.beacon.testing.BeaconProcess server = dev.beacon.testing.BeaconProcess.start(own.resolve("beacon.yaml"),
                own.resolve("data"), "--admin", "127.0.0.1:" + admin)) {
            dev.beacon.token.TokenCodec codec = new dev.beacon.token.TokenCodec(new java.security.SecureRandom());
            dev.beacon.token.TokenKey key = dev.beacon.token.TokenKey.fromBase64(1, TestServer.KEY_BASE64);
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            for (String path : new String[] {"/add.aspx?dm=cam1&myip=198.51.100.7&mac=", "/update?domains=cam1&txt="
                    + "x".repeat(250) + "&token="}) {
                String token = codec.mint(key, dev.beacon.token.DeviceId.parse("SN-1"), System.currentTimeMillis() / 1000);
                http.send(java.net.http.HttpRequest.newBuilder(server.base().resolve(path + token)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
            }
            neverReading(dns, admin);
        }
    }

    private static void neverReading(int dns, int admin) throws Exception {
        byte[] one = framed(Packet.query("cam1.ddns.test", 16, 0).build());
        byte[] chunk = new byte[one.length * 2000];
        for (int i = 0; i < 2000; i++) {
            System.arraycopy(one, 0, chunk, i * one.length, one.length);
        }
        try (Socket flooder = new Socket()) {
            flooder.setReceiveBufferSize(4096);
            flooder.connect(new InetSocketAddress("127.0.0.1", dns), 3000);
            OutputStream out = flooder.getOutputStream();
            Thread writer = new Thread(() -> {
                try {
                    while (true) {
                        out.write(chunk);
                    }
                } catch (IOException e) {
                    // Closed at the end of the test.
                }
            });
            writer.setDaemon(true);
            long before = replies(admin);
            writer.start();
            Thread.sleep(3000);
            long settled = replies(admin) - before;
            Thread.sleep(1500);
            long later = replies(admin) - before;

            // Unbounded, the server read every query the client sent, hundreds of thousands in
            // three seconds, and queued every answer (hundreds of megabytes); now it stops at
            // what the socket buffers and a 64 KB queue hold.
            assertThat(later).as("answers stop growing").isEqualTo(settled);
            assertThat(settled).isLessThan(40_000);
            try (Conn other = new Conn(dns)) {
                assertThat(rcode(other.send(query(11)).read())).isZero();
            }
        }
    }

    /** Every DNS reply a server sent, as its metrics say. */
    private static long replies(int admin) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://127.0.0.1:" + admin + "/metrics"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        return (long) r.body().lines().filter(l -> l.startsWith("beacon_dns_replies_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void d4ConnectionThatSendsNothingIsClosed() throws Exception {
        try (Conn c = new Conn()) {
            long start = System.nanoTime();
            assertThat(c.closedByServer()).isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(4000);
        }
    }

    @Test
    void d5MessageBegunButNeverFinishedClosesTheConnection() throws Exception {
        try (Conn c = new Conn()) {
            c.out.write(new byte[] {(byte) 0xFF, (byte) 0xFF, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
            long start = System.nanoTime();
            assertThat(c.closedByServer()).isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(4000);
        }
    }

    @Test
    void d6IdleConnectionIsClosedAfterItsAnswers() throws Exception {
        try (Conn c = new Conn()) {
            assertThat(rcode(c.send(query(5)).read())).isZero();
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void d7ConnectionsBeyondTheCapAreClosedAndSlotsComeBack(@TempDir Path own) throws Exception {
        // A server of its own with the default 5 s initial timeout, so only the cap closes anything.
        try (TestServer capped = TestServer.in(own).extra("dns: {max-tcp-connections: 8}").start()) {
            capped.add("SN-1", "cam1", "myip=198.51.100.7");
            int port = capped.dnsPort();
            List<Conn> opened = new ArrayList<>();
            try {
                for (int i = 0; i < 9; i++) {
                    opened.add(new Conn(port));
                }
                // Connections become active on several event loops, not always in the order they
                // were made: whichever arrives over the cap is the one closed, at once.
                List<Conn> open = new ArrayList<>();
                int closed = 0;
                for (Conn c : opened) {
                    c.socket.setSoTimeout(500);
                    if (c.closedByServer()) {
                        closed++;
                    } else {
                        open.add(c);
                    }
                }
                assertThat(closed).isEqualTo(1);
                for (Conn c : open) {
                    c.socket.setSoTimeout(5000);
                    assertThat(rcode(c.send(query(6)).read())).isZero();
                }
            } finally {
                for (Conn c : opened) {
                    c.close();
                }
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (true) {
                try (Conn again = new Conn(port)) {
                    again.send(query(7));
                    assertThat(rcode(again.read())).isZero();
                    break;
                } catch (EOFException | java.net.SocketException e) {
                    // The server may not have seen the earlier closes yet.
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(50);
                }
            }
        }
    }

    @Test
    void d8ThousandPipelinedQueriesAreAllAnswered() throws Exception {
        try (Conn c = new Conn()) {
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < 1000; i++) {
                all.writeBytes(framed(query(i)));
            }
            c.out.write(all.toByteArray());
            Set<Integer> ids = new HashSet<>();
            for (int i = 0; i < 1000; i++) {
                byte[] r = c.read();
                assertThat(rcode(r)).isZero();
                ids.add((r[0] & 0xFF) << 8 | r[1] & 0xFF);
            }
            assertThat(ids).hasSize(1000);
        }
    }

    @Test
    void d9HalfCloseAfterTheQueryStillGetsTheAnswer() throws Exception {
        try (Conn c = new Conn()) {
            c.send(query(8));
            c.socket.shutdownOutput();
            assertThat(rcode(c.read())).isZero();
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void d10OneByteSegmentsAreReassembled() throws Exception {
        try (Conn c = new Conn()) {
            c.socket.setTcpNoDelay(true);
            for (byte b : framed(query(9))) {
                c.out.write(b);
                c.out.flush();
            }
            assertThat(rcode(c.read())).isZero();
        }
    }

    @Test
    void a2ResponseSentOverTcpClosesTheConnection() throws Exception {
        byte[] response = query(10);
        response[2] |= (byte) 0x80;
        try (Conn c = new Conn()) {
            c.send(response);
            assertThat(c.closedByServer()).isTrue();
        }
    }
}
