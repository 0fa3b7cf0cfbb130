package dev.beacon.dns;

import dev.beacon.tsig.TsigCheck;
import dev.beacon.tsig.TsigSigner;
import io.netty.buffer.ByteBuf;
import java.time.Clock;

/**
 * How an update's answer is written once it is decided (RFC 2136 §3.8): the request's ID and
 * flags, its zone section, the RCODE, signed with the request's key. Immutable.
 *
 * @param flags opcode, RD and CD as the request had them, in header position
 * @param zone the request's zone section, as received
 */
record UpdateAnswer(int id, int flags, byte[] zone, TsigCheck tsig, Clock clock) {

    private static final int QR = 0x8000;

    void write(int rcode, ByteBuf out, int base) {
        out.writeShort(id).writeShort(QR | flags | rcode & 0xF).writeShort(1).writeZero(6);
        out.writeBytes(zone);
        TsigSigner.answering(tsig, clock).sign(out, base);
    }
}
