package dev.beacon.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import org.HdrHistogram.Histogram;

/** One closed-loop client connection: send, wait for the reply, record, send the next. */
final class LoadConnection extends SimpleChannelInboundHandler<String> {

    private final Scenario.Source source;
    private final Run run;
    private final CountDownLatch done;
    final Histogram latencies = new Histogram(3_600_000_000L, 3);
    long replies;
    long unexpected;
    String lastUnexpected;
    private long sentAt;
    private boolean finished;

    LoadConnection(Scenario.Source source, Run run, CountDownLatch done) {
        this.source = source;
        this.run = run;
        this.done = done;
    }

    /** Shared state of one measurement run. */
    static final class Run {
        volatile long measureFrom;
        volatile long measureUntil;
        volatile boolean stop;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        sendNext(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, String body) {
        long now = System.nanoTime();
        if (now >= run.measureFrom && now < run.measureUntil) {
            latencies.recordValue(Math.max(1, (now - sentAt) / 1000));
            replies++;
            if (!source.expected(body)) {
                unexpected++;
                lastUnexpected = body;
            }
        } else if (!source.expected(body)) {
            unexpected++;
            lastUnexpected = body;
        }
        sendNext(ctx);
    }

    private void sendNext(ChannelHandlerContext ctx) {
        if (run.stop || !source.hasNext() || System.nanoTime() >= run.measureUntil) {
            finish();
            ctx.close();
            return;
        }
        String request = "GET " + source.nextPath() + " HTTP/1.1\r\nHost: bench\r\nUser-Agent: Beacon - bench - 1\r\n\r\n";
        ByteBuf buf = ctx.alloc().buffer(request.length());
        buf.writeCharSequence(request, StandardCharsets.US_ASCII);
        sentAt = System.nanoTime();
        ctx.writeAndFlush(buf);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        unexpected++;
        lastUnexpected = cause.toString();
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        finish();
    }

    private void finish() {
        if (!finished) {
            finished = true;
            done.countDown();
        }
    }
}
