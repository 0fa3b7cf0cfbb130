package dev.beacon.dns;

import dev.beacon.io.Deadline;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * DNS over TCP (RFC 7766): two-byte length prefixes, any number of queries per connection,
 * answered in order as they are read (which clients must accept in any order anyway). Guards:
 * a connection cap, a timeout for a connection that sends nothing, for a message begun but never
 * finished (slow-read attacks), and for an idle connection; reading pauses while the client does
 * not read its answers, so memory stays bounded; a half-closed connection still gets its answers.
 * One instance per connection, on its event loop.
 */
final class TcpDnsHandler extends ByteToMessageDecoder {

    private static final ReplyLimit LIMIT = ReplyLimit.tcp();

    private final Responder responder;
    private final TransferService transfers;
    private final FaultLog faults;
    private final DnsSettings settings;
    private final AtomicInteger open;
    private final Query query = new Query();
    private final Responder.Scratch scratch = new Responder.Scratch();
    private Deadline deadline;
    private boolean partial;
    /** Answering stopped with queries left in the buffer, until the client reads its answers. */
    private boolean paused;
    /** Transfers being written (each message produced re-arms the idle deadline) and updates being decided. */
    private int answering;

    TcpDnsHandler(Responder responder, TransferService transfers, FaultLog faults, DnsSettings settings,
            AtomicInteger open) {
        this.responder = responder;
        this.transfers = transfers;
        this.faults = faults;
        this.settings = settings;
        this.open = open;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) throws Exception {
        super.handlerAdded(context);
        this.deadline = new Deadline(context.executor(), context::close);
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        if (open.incrementAndGet() > settings.maxTcpConnections()) {
            context.close();
            return;
        }
        deadline.arm(settings.tcpInitialTimeout().toNanos());
        super.channelActive(context);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        open.decrementAndGet();
        deadline.cancel();
        super.channelInactive(context);
    }

    @Override
    protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= 2 && context.channel().isActive()) {
            if (!context.channel().isWritable()) {
                // The client is not reading its answers (D12): checked before every query, not once
                // per read, since one read can hold thousands of queries and so megabytes of answers.
                // Flush what can go, and if the queue is still over its mark, stop answering and
                // reading until it drains; the rest waits in the buffer.
                context.flush();
                if (!context.channel().isWritable()) {
                    context.channel().config().setAutoRead(false);
                    paused = true;
                    break;
                }
            }
            int length = in.getUnsignedShort(in.readerIndex());
            if (in.readableBytes() < 2 + length) {
                break;
            }
            if (length < Wire.HEADER) {
                // Not even a header (D1): the stream cannot be trusted any further.
                in.skipBytes(in.readableBytes());
                context.close();
                return;
            }
            ByteBuf message = in.slice(in.readerIndex() + 2, length);
            in.skipBytes(2 + length);
            if (!answer(context, message)) {
                // A response sent to a server (A2): close, as BIND does.
                in.skipBytes(in.readableBytes());
                context.close();
                return;
            }
        }
        if (paused) {
            // Whole queries wait for the client to read its answers: a client that reads nothing
            // for the idle timeout is dropped, like an idle one.
            deadline.arm(settings.tcpIdleTimeout().toNanos());
            partial = false;
            return;
        }
        boolean nowPartial = in.isReadable();
        if (nowPartial && !partial) {
            deadline.arm(settings.tcpMessageTimeout().toNanos());
        } else if (!nowPartial && answering == 0) {
            deadline.arm(settings.tcpIdleTimeout().toNanos());
        }
        partial = nowPartial;
    }

    private boolean answer(ChannelHandlerContext context, ByteBuf message) {
        ByteBuf reply = context.alloc().ioBuffer(512);
        reply.writeShort(0);
        int outcome;
        try {
            InetAddress source = ((InetSocketAddress) context.channel().remoteAddress()).getAddress();
            outcome = responder.respond(message, query, scratch, LIMIT, reply, source, true);
            if (outcome == Responder.TRANSFER) {
                reply.release();
                TransferRequest request = scratch.transfer;
                scratch.transfer = null;
                answering++;
                // A transfer to a client that stops reading makes no progress: closed after the
                // idle timeout, like an idle connection, rather than held (with its snapshot) forever.
                Runnable progress = () -> deadline.arm(settings.tcpIdleTimeout().toNanos());
                progress.run();
                transfers.overTcp(request, context, progress).whenComplete((done, failed) ->
                        context.executor().execute(() -> {
                            if (--answering == 0 && !partial) {
                                deadline.arm(settings.tcpIdleTimeout().toNanos());
                            }
                        }));
                return true;
            }
            if (outcome == Responder.UPDATE) {
                reply.release();
                // Answered once durable; the connection counts as busy until then, like a transfer.
                answering++;
                responder.update(scratch, context.alloc(), true).thenAcceptAsync(answer -> {
                    context.writeAndFlush(answer);
                    if (--answering == 0 && !partial) {
                        deadline.arm(settings.tcpIdleTimeout().toNanos());
                    }
                }, context.executor());
                return true;
            }
        } catch (RuntimeException e) {
            faults.fault("TCP query from " + context.channel().remoteAddress() + " failed", e);
            reply.clear().writeShort(0);
            outcome = Responder.servfail(message, reply) ? Responder.REPLIED : Responder.NO_REPLY;
        }
        if (outcome == Responder.NO_REPLY) {
            reply.release();
            return false;
        }
        reply.setShort(0, reply.readableBytes() - 2);
        context.write(reply);
        return true;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) throws Exception {
        context.flush();
        if (!context.channel().isWritable()) {
            // The client is not reading its answers: stop reading its questions (D3).
            context.channel().config().setAutoRead(false);
        }
        super.channelReadComplete(context);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) throws Exception {
        if (context.channel().isWritable()) {
            context.channel().config().setAutoRead(true);
            if (paused) {
                paused = false;
                // Answer the queries that waited: an empty read runs the decoder over the buffer.
                channelRead(context, Unpooled.EMPTY_BUFFER);
                context.flush();
            }
        }
        super.channelWritabilityChanged(context);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
        super.userEventTriggered(context, event);
        if (event instanceof ChannelInputShutdownEvent) {
            // The client half-closed after its queries (D9): answer them, then close.
            context.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        context.close();
    }
}
