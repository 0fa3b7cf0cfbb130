package dev.beacon.transfer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;

/**
 * A transfer answer over TCP, produced one length-prefixed message at a time as the connection
 * takes them ({@code ChunkedWriteHandler} asks for the next when the socket can take it), so a
 * zone of millions of names never sits in memory as bytes: only the message being filled does.
 */
final class MessageStream implements ChunkedInput<ByteBuf> {

    /**
     * Items are packed into messages of about this many bytes: RFC 5936 allows up to 65,535, and
     * an item begun at the limit (a name with four long TXT values, about 2 kB) still fits.
     * Fewer, larger messages cost the requester less, and a signed stream fewer MACs.
     */
    static final int MESSAGE_BYTES = 60_000;

    private final AnswerWriter writer;
    private final RecordSource records;
    private final Runnable progress;
    private boolean done;
    private long messages;
    private long written;

    /**
     * @param progress called with each message produced (the connection is not idle)
     */
    MessageStream(AnswerWriter writer, RecordSource records, Runnable progress) {
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
        ByteBuf out = allocator.ioBuffer(MESSAGE_BYTES + 4096);
        out.writeShort(0);
        int base = writer.begin(out, 0);
        int count = 0;
        while (records.hasCurrent()) {
            int mark = out.writerIndex();
            int written = records.writeCurrent(out, base);
            if (out.writerIndex() - base > MESSAGE_BYTES && count > 0) {
                // It goes first in the next message instead.
                out.writerIndex(mark);
                break;
            }
            records.advance();
            count += written;
        }
        writer.end(out, base, count);
        out.setShort(0, out.writerIndex() - 2);
        done = !records.hasCurrent();
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
