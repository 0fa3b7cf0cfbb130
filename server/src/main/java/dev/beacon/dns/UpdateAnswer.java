package dev.beacon.dns;

import dev.beacon.tsig.TsigCheck;
import dev.beacon.tsig.TsigSigner;
import io.netty.buffer.ByteBuf;
import java.time.Clock;

/**
 * How an update's answer is written once it is decided (RFC 2136 §3.8): the request's ID and
 * flags, its zone section, the RCODE, an OPT when the request had one (RFC 6891 §7), signed with
 * the request's key. Immutable.
 *
 * @param flags opcode, RD and CD as the request had them, in header position
 * @param zone the request's zone section, as received
 * @param udpPayload the payload size our OPT advertises, or 0 when the request had no OPT
 * @param dnssecOk the request's DO bit, echoed (RFC 3225)
 */
record UpdateAnswer(int id, int flags, byte[] zone, int udpPayload, boolean dnssecOk, TsigCheck tsig, Clock clock) {

    private static final int QR = 0x8000;

    void write(int rcode, ByteBuf out, int base) {
        out.writeShort(id).writeShort(QR | flags | rcode & 0xF).writeShort(1).writeShort(0).writeShort(0)
                .writeShort(udpPayload > 0 ? 1 : 0);
        out.writeBytes(zone);
        if (udpPayload > 0) {
            out.writeByte(0).writeShort(Wire.OPT).writeShort(udpPayload).writeInt(dnssecOk ? 0x8000 : 0).writeShort(0);
        }
        TsigSigner.answering(tsig, clock).sign(out, base);
    }
}
