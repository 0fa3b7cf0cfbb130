package dev.beacon.http;

import dev.beacon.logging.ThrottledLog;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/**
 * Logs failed TLS handshakes (an expired or wrong certificate shows up here first), throttled
 * so a scanner cannot flood the log. Stateless, shared by every connection of a listener.
 */
@ChannelHandler.Sharable
final class TlsFailureLog extends ChannelInboundHandlerAdapter {

    private final ThrottledLog log;

    TlsFailureLog(ThrottledLog log) {
        this.log = log;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
            log.warn("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), done.cause().getMessage());
        }
        super.userEventTriggered(ctx, evt);
    }
}
