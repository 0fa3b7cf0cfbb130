package dev.beacon.transfer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;
import java.util.Iterator;

/**
 * A transfer answer over TCP, produced one length-prefixed message at a time as the connection
 * takes them ({@code ChunkedWriteHandler} asks for the next when the socket can take it), so a
 * zone of millions of names never sits in memory as bytes: only the message being filled does.
 */
final class MessageStream implements ChunkedInput<ByteBuf> {

    /** Records are packed into messages of about this many bytes (RFC 5936 allows up to 65,535). */
    static final int MESSAGE_BYTES = 16_000;

    private final AnswerWriter writer;
    private final Iterator<ZoneRr> records;
    private final Runnable progress;
    private ZoneRr pending;
    private boolean done;
    private long messages;
    private long written;

    /**
     * @param progress called with each message produced (the connection is not idle)
     */
    MessageStream(AnswerWriter writer, Iterator<ZoneRr> records, Runnable progress) {
        this.writer = writer;
        this.records = records;
        this.progress = progress;
    }

    @Override
    public boolean isEndOfInput() {
        return done;
    }

    @Override
    @Deprecated
    public ByteBuf readChunk(ChannelHandlerContext context) {
        return readChunk(context.alloc());
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator allocator) {
        if (done) {
            return null;
        }
        ByteBuf out = allocator.ioBuffer(MESSAGE_BYTES + 1024);
        out.writeShort(0);
        int base = writer.begin(out, 0);
        int count = 0;
        while (pending != null || records.hasNext()) {
            ZoneRr rr = pending != null ? pending : records.next();
            pending = null;
            int mark = out.writerIndex();
            rr.write(out);
            if (out.writerIndex() - base > MESSAGE_BYTES && count > 0) {
                out.writerIndex(mark);
                pending = rr;
                break;
            }
            count++;
        }
        writer.end(out, base, count);
        out.setShort(0, out.writerIndex() - 2);
        done = pending == null && !records.hasNext();
        messages++;
        written += count;
        progress.run();
        return out;
    }

    /** Records written so far (SOAs included). */
    long records() {
        return written;
    }

    long messages() {
        return messages;
    }

    @Override
    public long length() {
        return -1;
    }

    @Override
    public long progress() {
        return messages;
    }

    @Override
    public void close() {
        // Nothing to release: the records come from an immutable snapshot.
    }
}
