package dev.beacon.transfer;

import io.netty.buffer.ByteBuf;

/** Walking a received message's sections, to find where its last record (a TSIG) starts. */
final class Sections {

    private Sections() {
    }

    /** The offset of the message's last record, or -1 when it has none or does not parse. */
    static int lastRecordOffset(ByteBuf in) {
        int end = in.readableBytes();
        int qd = in.getUnsignedShort(4);
        int records = in.getUnsignedShort(6) + in.getUnsignedShort(8) + in.getUnsignedShort(10);
        int pos = 12;
        for (int i = 0; i < qd && pos >= 0; i++) {
            pos = skipName(in, pos, end);
            pos = pos < 0 || pos + 4 > end ? -1 : pos + 4;
        }
        int last = -1;
        for (int i = 0; i < records && pos >= 0; i++) {
            last = pos;
            pos = skipName(in, pos, end);
            pos = pos < 0 || pos + 10 > end ? -1 : pos + 10 + in.getUnsignedShort(pos + 8);
            pos = pos > end ? -1 : pos;
        }
        return pos == end ? last : -1;
    }

    /** Skips a name in place (a pointer ends it); -1 when it runs past the end. */
    private static int skipName(ByteBuf in, int pos, int end) {
        while (pos < end) {
            int len = in.getUnsignedByte(pos);
            if (len == 0) {
                return pos + 1;
            }
            if ((len & 0xC0) == 0xC0) {
                return pos + 2 <= end ? pos + 2 : -1;
            }
            if (len > 63) {
                return -1;
            }
            pos += len + 1;
        }
        return -1;
    }
}
