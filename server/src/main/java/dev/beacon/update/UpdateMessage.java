package dev.beacon.update;

import dev.beacon.dns.Wire;
import dev.beacon.record.ExtraRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An UPDATE message (RFC 2136 §2) as read off the wire: its zone, prerequisites and updates, with
 * every owner taken relative to the zone and every record's data decoded ({@link RData}). Reading
 * is bounded whatever the bytes hold: names follow compression pointers only backwards, at most
 * 126 of them. Immutable.
 *
 * @param zone the zone section's name, lowercase, without trailing dot
 */
record UpdateMessage(String zone, List<UpdateRr> prerequisites, List<UpdateRr> updates) {

    private static final int HEADER = 12;
    private static final int SOA = 6;
    private static final int MAX_POINTERS = 126;

    public UpdateMessage {
        prerequisites = List.copyOf(prerequisites);
        updates = List.copyOf(updates);
    }

    /** The zone section's name as lowercase labels, leftmost first; the DNS path has checked it is one well-formed entry. */
    static List<String> zoneOf(byte[] m) throws UpdateError {
        List<String> labels = new ArrayList<>();
        int pos = name(m, HEADER, m.length, labels);
        if (pos + 4 > m.length || u16(m, pos) != SOA) {
            throw new UpdateError(Wire.FORMERR, "the zone section's type is not SOA");
        }
        if (u16(m, pos + 2) != UpdateRr.IN) {
            throw new UpdateError(Wire.NOTAUTH, "the zone section's class is not IN");
        }
        return labels;
    }

    /**
     * Reads the message's prerequisite and update sections, which end before {@code end} (the
     * TSIG record's offset); additional records besides it are not read.
     *
     * @throws UpdateError FORMERR for malformed sections, NOTZONE for an owner outside the zone
     */
    static UpdateMessage read(byte[] m, int end) throws UpdateError {
        List<String> zone = zoneOf(m);
        int pos = name(m, HEADER, end, new ArrayList<>()) + 4;
        int prerequisites = u16(m, 6);
        int updates = u16(m, 8);
        List<UpdateRr> pre = new ArrayList<>();
        List<UpdateRr> up = new ArrayList<>();
        int[] next = {pos};
        for (int i = 0; i < prerequisites; i++) {
            pre.add(record(m, next, end, zone));
        }
        for (int i = 0; i < updates; i++) {
            up.add(record(m, next, end, zone));
        }
        return new UpdateMessage(String.join(".", zone), pre, up);
    }

    private static UpdateRr record(byte[] m, int[] at, int end, List<String> zone) throws UpdateError {
        List<String> owner = new ArrayList<>();
        int pos = name(m, at[0], end, owner);
        if (pos + 10 > end) {
            throw new UpdateError(Wire.FORMERR, "a record is cut short");
        }
        int type = u16(m, pos);
        int rrClass = u16(m, pos + 2);
        long ttl = u32(m, pos + 4);
        int length = u16(m, pos + 8);
        int rdata = pos + 10;
        if (rdata + length > end) {
            throw new UpdateError(Wire.FORMERR, "a record's data runs past the message");
        }
        at[0] = rdata + length;
        if (owner.size() < zone.size() || !owner.subList(owner.size() - zone.size(), owner.size()).equals(zone)) {
            throw new UpdateError(Wire.NOTZONE, "'" + String.join(".", owner) + "' is outside zone " + String.join(".", zone));
        }
        RData data = length == 0 ? null : data(m, rdata, length, type);
        return new UpdateRr(owner.subList(0, owner.size() - zone.size()), type, rrClass, ttl, data);
    }

    /** A record's data as far as its type is one Beacon keeps; otherwise, or when it does not read as its type, its bytes. */
    private static RData data(byte[] m, int at, int length, int type) throws UpdateError {
        int end = at + length;
        if (type == 16) {
            // Character-strings that overrun their record are malformed, not merely unkept.
            return txt(m, at, end);
        }
        try {
            switch (type) {
                case 1:
                    if (length == 4) {
                        return new RData.V4((int) u32(m, at));
                    }
                    break;
                case 28:
                    if (length == 16) {
                        return new RData.V6(u64(m, at), u64(m, at + 8));
                    }
                    break;
                case 5: {
                    StringBuilder host = new StringBuilder();
                    if (hostName(m, at, end, host) == end) {
                        return new RData.Extra(ExtraRecord.Kind.CNAME, host.toString());
                    }
                    break;
                }
                case 15: {
                    StringBuilder host = new StringBuilder();
                    if (length > 2 && hostName(m, at + 2, end, host) == end) {
                        return new RData.Extra(ExtraRecord.Kind.MX, u16(m, at) + " " + host);
                    }
                    break;
                }
                case 33: {
                    StringBuilder host = new StringBuilder();
                    if (length > 6 && hostName(m, at + 6, end, host) == end) {
                        return new RData.Extra(ExtraRecord.Kind.SRV,
                                u16(m, at) + " " + u16(m, at + 2) + " " + u16(m, at + 4) + " " + host);
                    }
                    break;
                }
                case 52:
                    if (length > 3) {
                        return new RData.Extra(ExtraRecord.Kind.TLSA, (m[at] & 0xFF) + " " + (m[at + 1] & 0xFF) + " "
                                + (m[at + 2] & 0xFF) + " " + HexFormat.of().formatHex(m, at + 3, end));
                    }
                    break;
                default:
                    break;
            }
        } catch (UpdateError e) {
            // A name in the data that does not read: kept as bytes, which match nothing and are never added.
        }
        byte[] bytes = new byte[length];
        System.arraycopy(m, at, bytes, 0, length);
        return new RData.Other(bytes);
    }

    private static RData txt(byte[] m, int at, int end) throws UpdateError {
        List<String> strings = new ArrayList<>();
        int pos = at;
        while (pos < end) {
            int len = m[pos] & 0xFF;
            if (pos + 1 + len > end) {
                throw new UpdateError(Wire.FORMERR, "a TXT string runs past its record");
            }
            strings.add(new String(m, pos + 1, len, StandardCharsets.ISO_8859_1));
            pos += 1 + len;
        }
        return new RData.Txt(strings);
    }

    /** A name in record data, as dotted text with its trailing dot; returns the offset after it. */
    private static int hostName(byte[] m, int at, int end, StringBuilder out) throws UpdateError {
        List<String> labels = new ArrayList<>();
        int after = name(m, at, end, labels);
        for (String label : labels) {
            out.append(label).append('.');
        }
        return after;
    }

    /**
     * Reads a name at {@code at} into lowercase labels (bytes other than letters, digits, hyphen,
     * underscore and {@code *} as {@code \DDD}, so they match nothing); returns the offset after
     * it where it starts, {@code end} bounding it there.
     */
    static int name(byte[] m, int at, int end, List<String> labels) throws UpdateError {
        int pos = at;
        int after = -1;
        int pointers = 0;
        int octets = 1;
        int limit = end;
        while (true) {
            if (pos >= limit) {
                throw new UpdateError(Wire.FORMERR, "a name is cut short");
            }
            int len = m[pos] & 0xFF;
            if (len == 0) {
                return after < 0 ? pos + 1 : after;
            }
            if ((len & 0xC0) == 0xC0) {
                if (pos + 1 >= limit) {
                    throw new UpdateError(Wire.FORMERR, "a compression pointer is cut short");
                }
                int target = (len & 0x3F) << 8 | m[pos + 1] & 0xFF;
                if (target >= pos || ++pointers > MAX_POINTERS) {
                    throw new UpdateError(Wire.FORMERR, "a compression pointer points forward or loops");
                }
                if (after < 0) {
                    after = pos + 2;
                }
                pos = target;
                continue;
            }
            if (len > 63) {
                throw new UpdateError(Wire.FORMERR, "a label type is reserved");
            }
            octets += len + 1;
            if (octets > 255 || pos + 1 + len > limit) {
                throw new UpdateError(Wire.FORMERR, "a name is longer than 255 octets or cut short");
            }
            labels.add(label(m, pos + 1, len));
            pos += 1 + len;
        }
    }

    private static String label(byte[] m, int at, int len) {
        StringBuilder s = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            int c = m[at + i] & 0xFF;
            if (c >= 'A' && c <= 'Z') {
                s.append((char) (c + 32));
            } else if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '*') {
                s.append((char) c);
            } else {
                s.append('\\').append(String.format("%03d", c));
            }
        }
        return s.toString();
    }

    private static int u16(byte[] m, int at) {
        return (m[at] & 0xFF) << 8 | m[at + 1] & 0xFF;
    }

    private static long u32(byte[] m, int at) {
        return (long) u16(m, at) << 16 | u16(m, at + 2);
    }

    private static long u64(byte[] m, int at) {
        return u32(m, at) << 32 | u32(m, at + 4);
    }
}
