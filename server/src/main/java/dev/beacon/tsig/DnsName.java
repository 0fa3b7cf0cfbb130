package dev.beacon.tsig;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Names in canonical wire form (RFC 4034 §6.2: uncompressed, lowercase), as TSIG digests them and transfers write them. */
public final class DnsName {

    private DnsName() {
    }

    /** The canonical wire form of a dotted name (a trailing dot is optional). */
    public static byte[] wire(String dotted) {
        String n = dotted.toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(n.length() + 2);
        if (!n.isEmpty()) {
            for (String label : n.split("\\.", -1)) {
                byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
                if (bytes.length == 0 || bytes.length > 63) {
                    throw new IllegalArgumentException("'" + dotted + "' is not a valid DNS name");
                }
                out.write(bytes.length);
                out.write(bytes, 0, bytes.length);
            }
        }
        out.write(0);
        if (out.size() > 255) {
            throw new IllegalArgumentException("'" + dotted + "' is longer than 255 octets");
        }
        return out.toByteArray();
    }

    /** A canonical wire name as dotted text, without the trailing dot. */
    public static String text(byte[] wire) {
        StringBuilder s = new StringBuilder();
        int pos = 0;
        while (wire[pos] != 0) {
            int len = wire[pos];
            if (s.length() > 0) {
                s.append('.');
            }
            s.append(new String(wire, pos + 1, len, StandardCharsets.US_ASCII));
            pos += len + 1;
        }
        return s.toString();
    }
}
