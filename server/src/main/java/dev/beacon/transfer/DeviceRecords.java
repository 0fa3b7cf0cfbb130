package dev.beacon.transfer;

import dev.beacon.record.Addresses;
import dev.beacon.record.ExtraRecord;
import dev.beacon.record.NameRecord;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Writes a device name's records straight into a transfer message: the same records
 * {@link ZoneRrs#of} lists (A, AAAA, CNAME, MX, TXT, the TXT again at {@code _acme-challenge.}), without an
 * object per record, since an AXFR writes millions of them. The owner is written once and
 * pointed at after. Stateless.
 */
final class DeviceRecords {

    private static final int IN = 1;
    private static final int POINTER = 0xC000;
    private static final int QUESTION_NAME = 12;
    private static final String ACME = "_acme-challenge";

    private DeviceRecords() {
    }

    /** Writes the record's RRs; returns how many. */
    static int write(NameRecord record, int ttl, ByteBuf out, int base) {
        int owner = out.writerIndex() - base;
        int count = 0;
        Addresses a = record.addresses();
        if (a.hasV4()) {
            ownerAt(record.label(), owner, count, out);
            out.writeShort(ZoneRr.A).writeShort(IN).writeInt(ttl).writeShort(4).writeInt(a.v4Bits());
            count++;
        }
        if (a.hasV6()) {
            ownerAt(record.label(), owner, count, out);
            out.writeShort(ZoneRr.AAAA).writeShort(IN).writeInt(ttl).writeShort(16).writeLong(a.v6High())
                    .writeLong(a.v6Low());
            count++;
        }
        for (ExtraRecord extra : record.records()) {
            if (!extra.kind().belowTheName()) {
                ownerAt(record.label(), owner, count, out);
                extra(extra, ttl, out);
                count++;
            }
        }
        if (record.txt().isEmpty()) {
            return count + belowTheName(record, ttl, out);
        }
        for (String value : record.txt()) {
            ownerAt(record.label(), owner, count, out);
            txt(value, ttl, out);
            count++;
        }
        int acme = out.writerIndex() - base;
        for (String value : record.txt()) {
            if (out.writerIndex() - base == acme || !reachable(acme)) {
                // "_acme-challenge", then the device's name: a pointer to it when one reaches.
                writeLabel(ACME, out);
                if (reachable(owner)) {
                    out.writeShort(POINTER | owner);
                } else {
                    writeLabel(record.label(), out);
                    out.writeShort(POINTER | QUESTION_NAME);
                }
            } else {
                out.writeShort(POINTER | acme);
            }
            txt(value, ttl, out);
            count++;
        }
        return count + belowTheName(record, ttl, out);
    }

    /**
     * The SRV and TLSA records under the name, last and each owner in full ({@code _sip._tcp}, the
     * device's label, a pointer to the apex), so no pointer above depends on them.
     */
    private static int belowTheName(NameRecord record, int ttl, ByteBuf out) {
        int count = 0;
        for (ExtraRecord extra : record.records()) {
            if (extra.kind().belowTheName()) {
                for (String label : extra.owner().split("\\.")) {
                    writeLabel(label, out);
                }
                writeLabel(record.label(), out);
                out.writeShort(POINTER | QUESTION_NAME);
                extra(extra, ttl, out);
                count++;
            }
        }
        return count;
    }

    private static void extra(ExtraRecord extra, int ttl, ByteBuf out) {
        byte[] rdata = extra.rdata();
        out.writeShort(extra.kind().wireType()).writeShort(IN).writeInt(ttl).writeShort(rdata.length).writeBytes(rdata);
    }

    /** Whether a compression pointer can point at this offset (14 bits, RFC 1035 §4.1.4). */
    private static boolean reachable(int offset) {
        return offset < 0x4000;
    }

    /** The owner: in full the first time (or beyond a pointer's reach), then a pointer to it. */
    private static void ownerAt(String label, int owner, int written, ByteBuf out) {
        if (written == 0 || !reachable(owner)) {
            writeLabel(label, out);
            out.writeShort(POINTER | QUESTION_NAME);
        } else {
            out.writeShort(POINTER | owner);
        }
    }

    private static void writeLabel(String label, ByteBuf out) {
        out.writeByte(label.length()).writeCharSequence(label, StandardCharsets.US_ASCII);
    }

    private static void txt(String value, int ttl, ByteBuf out) {
        out.writeShort(ZoneRr.TXT).writeShort(IN).writeInt(ttl).writeShort(value.length() + 1).writeByte(value.length());
        out.writeCharSequence(value, StandardCharsets.US_ASCII);
    }
}
