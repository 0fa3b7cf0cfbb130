package dev.beacon.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ephemeral ports on 127.0.0.1 for servers a test starts with a port fixed in their configuration. */
public final class FreePort {

    private FreePort() {
    }

    /** A TCP port free on loopback when asked (the kernel's choice). */
    public static int tcp() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A port free on loopback for both TCP and UDP, as a DNS server listens on both. */
    public static int tcpAndUdp() throws IOException {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                    DatagramSocket udp = new DatagramSocket(tcp.getLocalPort(), InetAddress.getLoopbackAddress())) {
                return udp.getLocalPort();
            } catch (IOException e) {
                // The UDP port was taken; try another.
            }
        }
        throw new IOException("no free port on 127.0.0.1 for both TCP and UDP");
    }
}
