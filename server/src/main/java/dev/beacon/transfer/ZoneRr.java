package dev.beacon.transfer;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One resource record of a zone as a transfer carries it. The owner is relative to the apex, so
 * it is written as its labels and a pointer to the question's name (the apex, at offset 12 of
 * every message). Immutable.
 *
 * @param owner labels under the apex, dotted ({@code cam1}, {@code _acme-challenge.cam1}); empty
 *     for the apex itself
 * @param type the RR type
 * @param ttl seconds
 * @param rdata the RDATA in wire form, names uncompressed
 */
record ZoneRr(String owner, int type, int ttl, byte[] rdata) {

    static final int A = 1;
    static final int NS = 2;
    static final int SOA = 6;
    static final int PTR = 12;
    static final int TXT = 16;
    static final int CNAME = 5;
    static final int MX = 15;
    static final int SRV = 33;
    static final int TLSA = 52;
    static final int AAAA = 28;
    private static final int IN = 1;
    private static final int POINTER_TO_QUESTION = 0xC000 | 12;

    /** The RRset this record belongs to: owner and type. */
    String rrset() {
        return owner + "/" + type;
    }

    /** Appends the record; owner labels, then a pointer to the apex in the question. */
    void write(ByteBuf out) {
        if (!owner.isEmpty()) {
            int start = 0;
            for (int i = 0; i <= owner.length(); i++) {
                if (i == owner.length() || owner.charAt(i) == '.') {
                    out.writeByte(i - start);
                    out.writeCharSequence(owner.subSequence(start, i), StandardCharsets.US_ASCII);
                    start = i + 1;
                }
            }
        }
        out.writeShort(POINTER_TO_QUESTION).writeShort(type).writeShort(IN).writeInt(ttl);
        out.writeShort(rdata.length).writeBytes(rdata);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ZoneRr r && r.owner.equals(owner) && r.type == type && r.ttl == ttl
                && Arrays.equals(r.rdata, rdata);
    }

    @Override
    public int hashCode() {
        return (owner.hashCode() * 31 + type) * 31 + Arrays.hashCode(rdata);
    }

    @Override
    public String toString() {
        return "ZoneRr[" + owner + " " + type + " " + ttl + "]";
    }
}
