package dev.beacon.dns;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/**
 * DNS over UDP: each datagram answered on the event loop that read it; replies are flushed once
 * per read batch, so the transport can send them with one system call. An update is answered
 * when it is durable, by itself. One instance per socket.
 */
final class UdpDnsHandler extends ChannelInboundHandlerAdapter {

    private final Responder responder;
    private final FaultLog faults;
    private final Query query = new Query();
    private final Responder.Scratch scratch = new Responder.Scratch();
    private final ReplyLimit limit;

    UdpDnsHandler(Responder responder, FaultLog faults, ReplyLimit limit) {
        this.limit = limit;
        this.responder = responder;
        this.faults = faults;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        DatagramPacket packet = (DatagramPacket) msg;
        ByteBuf in = packet.content();
        ByteBuf out = ctx.alloc().ioBuffer(512);
        try {
            boolean reply;
            try {
                int outcome = responder.respond(in, query, scratch, limit, out, packet.sender().getAddress(), false);
                if (outcome == Responder.UPDATE) {
                    // Answered once durable, from the event loop, like every other reply.
                    InetSocketAddress sender = packet.sender();
                    responder.update(scratch, ctx.alloc(), false).thenAcceptAsync(
                            answer -> ctx.writeAndFlush(new DatagramPacket(answer, sender)), ctx.executor());
                }
                reply = outcome == Responder.REPLIED;
            } catch (RuntimeException e) {
                faults.fault("query from " + packet.sender() + " failed", e);
                out.clear();
                reply = Responder.servfail(in, out);
            }
            if (reply) {
                ctx.write(new DatagramPacket(out, packet.sender()));
                out = null;
            }
        } finally {
            if (out != null) {
                out.release();
            }
            packet.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // ICMP errors and the like surface here on some platforms; the socket stays open.
        faults.fault("UDP socket error", cause);
    }
}
