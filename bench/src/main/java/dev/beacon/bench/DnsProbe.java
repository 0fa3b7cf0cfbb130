package dev.beacon.bench;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Asks a DNS server for a name's A record over UDP and tells whether it answers a given address. */
final class DnsProbe {

    private final byte[] query;

    DnsProbe(String name) {
        // A plain A query, no EDNS, so a one-record answer ends with the address.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x12, 0x34, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0});
        for (String label : name.split("\\.")) {
            byte[] b = label.getBytes(StandardCharsets.US_ASCII);
            out.write(b.length);
            out.writeBytes(b);
        }
        out.writeBytes(new byte[] {0, 0, 1, 0, 1});
        this.query = out.toByteArray();
    }

    /** One query: true when the answer is exactly one record ending with {@code address}. */
    boolean answers(DatagramSocket socket, InetSocketAddress server, byte[] address) throws Exception {
        socket.send(new DatagramPacket(query, query.length, server));
        byte[] buffer = new byte[512];
        DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(reply);
        } catch (SocketTimeoutException e) {
            return false;
        }
        int length = reply.getLength();
        int answers = (buffer[6] & 255) << 8 | buffer[7] & 255;
        return answers == 1 && length >= 4 && Arrays.equals(Arrays.copyOfRange(buffer, length - 4, length), address);
    }
}
