package dev.beacon.tsig;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;

/**
 * A TSIG resource record as read from a message (RFC 8945 §4.2). Immutable.
 *
 * @param offset where the record starts, relative to the message start: what precedes it is what
 *     the MAC covers
 * @param keyName the key name in canonical wire form
 * @param algorithmName the algorithm name in canonical wire form
 * @param timeSigned seconds since the epoch (48 bits)
 * @param fudge seconds of clock difference allowed
 * @param mac the MAC as sent
 * @param originalId the message ID the MAC was computed with
 * @param error the TSIG error (0 in a request)
 * @param other the Other Data (a server's time in a BADTIME answer)
 */
public record TsigRecord(int offset, byte[] keyName, byte[] algorithmName, long timeSigned, int fudge, byte[] mac,
        int originalId, int error, byte[] other) {

    /** Class ANY, the only class a TSIG record has. */
    static final int CLASS_ANY = 255;
    static final int TYPE = 250;

    /** The key name as text, lowercase, without trailing dot. */
    public String keyText() {
        return DnsName.text(keyName);
    }

    /**
     * Reads the TSIG record at {@code rrOffset}, which the caller found to be the last record of
     * the message. Names may be compressed (pointers are followed backwards only).
     *
     * @return the record, or null when it is malformed or cut short: FORMERR (E6)
     */
    public static TsigRecord read(ByteBuf in, int start, int rrOffset, int end) {
        int[] after = new int[1];
        byte[] key = name(in, start, start + rrOffset, end, after);
        int pos = after[0];
        if (key == null || pos + 10 > end || in.getUnsignedShort(pos) != TYPE
                || in.getUnsignedShort(pos + 2) != CLASS_ANY || in.getInt(pos + 4) != 0) {
            return null;
        }
        int rdlength = in.getUnsignedShort(pos + 8);
        int rdata = pos + 10;
        int rdEnd = rdata + rdlength;
        if (rdEnd != end) {
            return null;
        }
        byte[] algorithm = name(in, start, rdata, rdEnd, after);
        pos = after[0];
        if (algorithm == null || pos + 10 > rdEnd) {
            return null;
        }
        long time = (long) in.getUnsignedShort(pos) << 32 | in.getUnsignedInt(pos + 2);
        int fudge = in.getUnsignedShort(pos + 6);
        int macSize = in.getUnsignedShort(pos + 8);
        pos += 10;
        if (pos + macSize + 6 > rdEnd) {
            return null;
        }
        byte[] mac = new byte[macSize];
        in.getBytes(pos, mac);
        pos += macSize;
        int originalId = in.getUnsignedShort(pos);
        int error = in.getUnsignedShort(pos + 2);
        int otherLength = in.getUnsignedShort(pos + 4);
        pos += 6;
        if (pos + otherLength != rdEnd) {
            return null;
        }
        byte[] other = new byte[otherLength];
        in.getBytes(pos, other);
        return new TsigRecord(rrOffset, key, algorithm, time, fudge, mac, originalId, error, other);
    }

    /**
     * Reads a possibly compressed name in canonical form (lowercase); sets {@code after[0]} to the
     * offset after it in the record. Null when malformed: a pointer forwards or out of bounds, a
     * label over 63 octets, a name over 255.
     */
    private static byte[] name(ByteBuf in, int start, int pos, int end, int[] after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32);
        int limit = pos;
        after[0] = -1;
        while (true) {
            if (pos >= end) {
                return null;
            }
            int len = in.getUnsignedByte(pos);
            if (len == 0) {
                out.write(0);
                if (after[0] < 0) {
                    after[0] = pos + 1;
                }
                return out.size() > 255 ? null : out.toByteArray();
            }
            if ((len & 0xC0) == 0xC0) {
                if (pos + 1 >= end) {
                    return null;
                }
                int target = start + ((len & 0x3F) << 8 | in.getUnsignedByte(pos + 1));
                if (target >= limit) {
                    return null;
                }
                if (after[0] < 0) {
                    after[0] = pos + 2;
                }
                limit = target;
                pos = target;
                continue;
            }
            if (len > 63 || pos + 1 + len > end || out.size() + len + 2 > 255) {
                return null;
            }
            out.write(len);
            for (int i = 0; i < len; i++) {
                int b = in.getUnsignedByte(pos + 1 + i);
                out.write(b >= 'A' && b <= 'Z' ? b + 32 : b);
            }
            pos += len + 1;
        }
    }
}
