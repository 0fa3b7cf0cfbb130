package dev.beacon.transfer;

import dev.beacon.dns.TransferRequest;
import dev.beacon.tsig.TsigSigner;
import io.netty.buffer.ByteBuf;

/**
 * Writes the messages of one transfer answer: each with the request's ID and question (so every
 * owner compresses against the apex at offset 12), the records, an OPT when the request had
 * one, and, for a signed request, a TSIG chained from the message before. Not thread-safe.
 */
final class AnswerWriter {

    private static final int QR = 0x8000;
    private static final int AA = 0x0400;
    /** Our EDNS UDP payload, as the query path advertises. */
    private static final int PAYLOAD = 1232;

    private final TransferRequest request;
    private final TsigSigner signer;

    /**
     * @param signer signs each message in turn, or null for an unsigned request
     */
    AnswerWriter(TransferRequest request, TsigSigner signer) {
        this.request = request;
        this.signer = signer;
    }

    /** Starts a message at the writer index (the caller wrote any length prefix before it). */
    int begin(ByteBuf out, int rcode) {
        int base = out.writerIndex();
        out.writeShort(request.id());
        out.writeShort(QR | request.flags() | (rcode == 0 ? AA : 0) | rcode & 0xF);
        out.writeShort(1).writeShort(0).writeShort(0).writeShort(0);
        out.writeBytes(request.question());
        return base;
    }

    /** Ends the message begun at {@code base} with {@code answers} records: OPT, then the signature. */
    void end(ByteBuf out, int base, int answers) {
        out.setShort(base + 6, answers);
        if (request.edns()) {
            out.writeByte(0).writeShort(41).writeShort(PAYLOAD).writeInt(0).writeShort(0);
            out.setShort(base + 10, 1);
        }
        if (signer != null) {
            signer.sign(out, base);
        }
    }
}
