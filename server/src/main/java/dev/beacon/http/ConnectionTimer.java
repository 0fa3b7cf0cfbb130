package dev.beacon.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Deadlines of one connection, first in its pipeline so it sees raw bytes: a request must arrive
 * whole within the request timeout of its first byte (or of the connection opening), and an idle
 * keep-alive connection is closed after the idle timeout. A client trickling bytes one at a time
 * gets {@code 408} at the deadline, not a server slot forever. Runs on the channel's event loop.
 *
 * <p>The deadline is a field; one timer checks it when it fires and re-arms for the remainder,
 * so a request costs two field writes, not a cancel and a schedule on the loop's timer queue.
 */
final class ConnectionTimer extends ChannelDuplexHandler {

    private enum State { READING, PROCESSING, IDLE }

    private static final long NONE = Long.MAX_VALUE;
    private static final byte[] TIMEOUT = ("HTTP/1.1 408 Request Timeout\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: 15\r\nConnection: close\r\n\r\nrequest timeout").getBytes(StandardCharsets.US_ASCII);

    private final long requestNanos;
    private final long idleNanos;
    private State state = State.READING;
    private boolean sawBytes;
    private long deadline = NONE;
    private ScheduledFuture<?> timer;
    private ChannelHandlerContext ctx;

    ConnectionTimer(HttpSettings settings) {
        this.requestNanos = settings.requestTimeout().toNanos();
        this.idleNanos = settings.idleTimeout().toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        arm(requestNanos);
        super.channelActive(context);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) throws Exception {
        if (state == State.IDLE) {
            state = State.READING;
            sawBytes = false;
            arm(requestNanos);
        }
        sawBytes = true;
        super.channelRead(context, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        deadline = NONE;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        super.channelInactive(context);
    }

    /** The handler got a whole request; the server's own work is not the client's deadline. */
    void requestReceived() {
        state = State.PROCESSING;
        deadline = NONE;
    }

    /** Every reply so far is written; the connection waits for the client's next request. */
    void allRepliesWritten() {
        state = State.IDLE;
        arm(idleNanos);
    }

    private void arm(long nanos) {
        deadline = System.nanoTime() + nanos;
        if (timer == null) {
            timer = ctx.executor().schedule(this::fire, nanos, TimeUnit.NANOSECONDS);
        }
    }

    private void fire() {
        timer = null;
        if (deadline == NONE || !ctx.channel().isActive()) {
            return;
        }
        long left = deadline - System.nanoTime();
        if (left > 0) {
            timer = ctx.executor().schedule(this::fire, left, TimeUnit.NANOSECONDS);
            return;
        }
        deadline = NONE;
        if (state == State.READING && sawBytes) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(TIMEOUT)).addListener(ChannelFutureListener.CLOSE);
        } else if (state != State.PROCESSING) {
            ctx.close();
        }
    }
}
