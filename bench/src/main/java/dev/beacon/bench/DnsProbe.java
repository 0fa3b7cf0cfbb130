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

    /**
     * One query: true when the first answer record is the A record {@code address}, whatever
     * follows it (BIND adds the zone's NS records in the authority section).
     */
    boolean answers(DatagramSocket socket, InetSocketAddress server, byte[] address) throws Exception {
        socket.send(new DatagramPacket(query, query.length, server));
        byte[] buffer = new byte[4096];
        DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(reply);
        } catch (SocketTimeoutException e) {
            return false;
        }
        int length = reply.getLength();
        int answers = (buffer[6] & 255) << 8 | buffer[7] & 255;
        // The question comes back as asked, so the answer section starts where our query ends.
        int at = query.length;
        if (answers < 1 || at >= length) {
            return false;
        }
        at = skipName(buffer, at, length);
        if (at < 0 || at + 14 > length) {
            return false;
        }
        int type = (buffer[at] & 255) << 8 | buffer[at + 1] & 255;
        int rdlength = (buffer[at + 8] & 255) << 8 | buffer[at + 9] & 255;
        return type == 1 && rdlength == 4 && Arrays.equals(Arrays.copyOfRange(buffer, at + 10, at + 14), address);
    }

    private static int skipName(byte[] b, int at, int length) {
        while (at < length) {
            int len = b[at] & 255;
            if (len == 0) {
                return at + 1;
            }
            if ((len & 0xC0) == 0xC0) {
                return at + 2;
            }
            at += len + 1;
        }
        return -1;
    }
}
