package dev.beacon.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on 127.0.0.1 in front of a real server (PostgreSQL), which a test can cut to make
 * the server unreachable as a network failure would (every open connection reset, new ones
 * refused), and restore. Real sockets both ways; nothing is simulated above TCP.
 */
public final class TcpRelay implements AutoCloseable {

    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    /** Once armed: the client-to-server bytes whose delivery cuts the connection that carried them. */
    private volatile byte[] cutAfter;
    private volatile ServerSocket listener;
    private volatile int port;

    public TcpRelay(int targetPort) throws IOException {
        this.targetPort = targetPort;
        restore();
    }

    public int port() {
        return port;
    }

    /** Starts relaying (again), on the same port as before. */
    public synchronized void restore() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        port = s.getLocalPort();
        listener = s;
        Thread accept = new Thread(() -> acceptLoop(s), "tcp-relay-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /**
     * The next time a client sends {@code marker} (a statement's text), the message the client
     * sends after it (a COMMIT, for the last statement of a transaction) is delivered to the
     * server, and the connection is reset before its answer comes back: the client cannot know
     * whether it took effect.
     */
    public void cutAfterTheStatementAfter(String marker) {
        cutAfter = marker.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The server becomes unreachable: open connections are reset and new ones refused. */
    public synchronized void cut() throws IOException {
        listener.close();
        for (Socket s : open) {
            try {
                s.setSoLinger(true, 0);
                s.close();
            } catch (IOException e) {
                // Closed already by its pump.
            }
        }
        open.clear();
    }

    private void acceptLoop(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                synchronized (this) {
                    // A cut that came while this connection was being made must reach it too.
                    if (s.isClosed()) {
                        client.setSoLinger(true, 0);
                        client.close();
                        server.close();
                        return;
                    }
                    open.add(client);
                    open.add(server);
                }
                java.util.concurrent.atomic.AtomicBoolean mute = new java.util.concurrent.atomic.AtomicBoolean();
                pump(client, server, true, mute);
                pump(server, client, false, mute);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean toServer, java.util.concurrent.atomic.AtomicBoolean mute) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                boolean next = false;
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    byte[] marker = cutAfter;
                    // The message after the marker's is the one whose answer is lost (a COMMIT
                    // after the last statement of a transaction).
                    boolean last = toServer && next;
                    if (toServer && marker != null && !next && contains(buffer, n, marker)) {
                        next = true;
                    }
                    if (last) {
                        mute.set(true);
                    }
                    if (!toServer && mute.get()) {
                        continue;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                    if (last) {
                        cutAfter = null;
                        // Let the server read it, then reset both ends: its answer never arrives.
                        Thread.sleep(100);
                        reset(from);
                        reset(to);
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // One side went away; the other is closed below.
            }
            try {
                to.close();
            } catch (IOException e) {
                // Already closed.
            }
        }, "tcp-relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private static boolean contains(byte[] buffer, int length, byte[] marker) {
        outer:
        for (int i = 0; i + marker.length <= length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (buffer[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
            s.close();
        } catch (IOException e) {
            // Closed already.
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
