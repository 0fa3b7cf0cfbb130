package dev.beacon.http;

import dev.beacon.io.Deadline;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;

/**
 * Deadlines of one connection, first in its pipeline so it sees raw bytes: a request must arrive
 * whole within the request timeout of its first byte (or of the connection opening), and an idle
 * keep-alive connection is closed after the idle timeout. A client trickling bytes one at a time
 * gets {@code 408} at the deadline, not a server slot forever. Runs on the channel's event loop.
 */
final class ConnectionTimer extends ChannelDuplexHandler {

    private enum State { READING, PROCESSING, IDLE }

    private static final byte[] TIMEOUT = ("HTTP/1.1 408 Request Timeout\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: 15\r\nConnection: close\r\n\r\nrequest timeout").getBytes(StandardCharsets.US_ASCII);

    private final long requestNanos;
    private final long idleNanos;
    private State state = State.READING;
    private boolean sawBytes;
    private Deadline deadline;
    private ChannelHandlerContext ctx;

    ConnectionTimer(HttpSettings settings) {
        this.requestNanos = settings.requestTimeout().toNanos();
        this.idleNanos = settings.idleTimeout().toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
        this.deadline = new Deadline(context.executor(), this::expired);
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        deadline.arm(requestNanos);
        super.channelActive(context);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) throws Exception {
        if (state == State.IDLE) {
            state = State.READING;
            sawBytes = false;
            deadline.arm(requestNanos);
        }
        sawBytes = true;
        super.channelRead(context, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        deadline.cancel();
        super.channelInactive(context);
    }

    /** The handler got a whole request; the server's own work is not the client's deadline. */
    void requestReceived() {
        state = State.PROCESSING;
        deadline.disarm();
    }

    /** Every reply so far is written; the connection waits for the client's next request. */
    void allRepliesWritten() {
        state = State.IDLE;
        deadline.arm(idleNanos);
    }

    private void expired() {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (state == State.READING && sawBytes) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(TIMEOUT)).addListener(ChannelFutureListener.CLOSE);
        } else if (state != State.PROCESSING) {
            ctx.close();
        }
    }
}
