package dev.beacon.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Splits the byte stream into response bodies (Content-Length framing; Beacon never chunks). */
final class ReplyDecoder extends ByteToMessageDecoder {

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int headEnd = -1;
        for (int i = start; i + 3 < end; i++) {
            if (in.getByte(i) == '\r' && in.getByte(i + 1) == '\n' && in.getByte(i + 2) == '\r' && in.getByte(i + 3) == '\n') {
                headEnd = i + 4;
                break;
            }
        }
        if (headEnd < 0) {
            return;
        }
        String head = in.toString(start, headEnd - start, StandardCharsets.US_ASCII);
        int at = head.indexOf("Content-Length: ");
        if (at < 0) {
            throw new DecoderException("reply without Content-Length: " + head);
        }
        int length = Integer.parseInt(head.substring(at + 16, head.indexOf('\r', at)));
        if (end - headEnd < length) {
            return;
        }
        out.add(in.toString(headEnd, length, StandardCharsets.UTF_8));
        in.readerIndex(headEnd + length);
    }
}
