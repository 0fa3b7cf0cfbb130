package dev.beacon.http;

import dev.beacon.device.Params;
import dev.beacon.dialect.Dialect;
import dev.beacon.dialect.WebReply;
import dev.beacon.dialect.WebRequest;
import dev.beacon.ip.IpLiteral;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device API over HTTP: routes a whole request to the dialect that serves its path (native,
 * dyndns2, DuckDNS, rewrite rules) and writes the reply exactly as devices expect
 * ({@code text/plain}, {@code Date}, {@code Content-Length}, no trailing newline). Replies go out in request order even when a later
 * request (a no-change update) finishes before an earlier one (a commit). Broken HTTP gets a 4xx
 * and the connection closed; a fault gets {@code 12}, logged once, never a stack trace on the
 * wire. One instance per connection, used on its event loop only.
 */
final class DeviceHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(DeviceHttpHandler.class);

    /** A reply waiting for its turn on the wire. */
    private static final class Slot {
        final HttpVersion version;
        final boolean keepAlive;
        FullHttpResponse response;
        boolean closeAfter;

        Slot(HttpVersion version, boolean keepAlive) {
            this.version = version;
            this.keepAlive = keepAlive;
        }
    }

    /** Reply headers are ours and constant in form, so Netty need not validate each one again. */
    private static final HttpHeadersFactory REPLY_HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    private static final HttpHeadersFactory REPLY_TRAILERS = DefaultHttpHeadersFactory.trailersFactory().withValidation(false);

    private final List<Dialect> dialects;
    private final TrustedProxies proxies;
    private final HttpDate date;
    private final ConnectionTimer timer;
    private final int maxPipelined;
    private final ArrayDeque<Slot> slots = new ArrayDeque<>();
    private boolean closing;
    /** The server is stopping: answer what was received, then close. */
    private boolean draining;
    private ChannelHandlerContext context;

    DeviceHttpHandler(List<Dialect> dialects, TrustedProxies proxies, HttpDate date, ConnectionTimer timer,
            int maxPipelined) {
        this.dialects = dialects;
        this.proxies = proxies;
        this.date = date;
        this.timer = timer;
        this.maxPipelined = maxPipelined;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.context = ctx;
    }

    /**
     * The server is stopping: read no more, answer every request already received (their
     * commits finish first), then close. Safe to call from any thread.
     */
    void drain() {
        context.executor().execute(() -> {
            draining = true;
            context.channel().config().setAutoRead(false);
            if (slots.isEmpty() && !closing) {
                closing = true;
                context.close();
            }
        });
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        timer.requestReceived();
        if (closing) {
            return;
        }
        Slot slot = new Slot(request.protocolVersion(), HttpUtil.isKeepAlive(request));
        slots.add(slot);
        if (slots.size() >= maxPipelined) {
            ctx.channel().config().setAutoRead(false);
        }
        DecoderResult decoded = request.decoderResult();
        if (decoded.isFailure()) {
            finish(ctx, slot, malformed(decoded.cause()), false);
            return;
        }
        String uri = request.uri();
        int question = uri.indexOf('?');
        String path = normalisePath(question < 0 ? uri : uri.substring(0, question));
        if (dialectFor(path) == null) {
            finish(ctx, slot, text(HttpResponseStatus.NOT_FOUND, "not found"), slot.keepAlive);
            return;
        }
        HttpMethod method = request.method();
        Params params = new Params();
        String problem = question < 0 ? null : FormDecoder.decode(uri.substring(question + 1), params);
        String body = "";
        boolean json = HttpMethod.POST.equals(method) && request.headers().contains(HttpHeaderNames.CONTENT_TYPE)
                && request.headers().get(HttpHeaderNames.CONTENT_TYPE).toLowerCase(java.util.Locale.ROOT)
                        .startsWith("application/json");
        if (problem == null && json) {
            body = request.content().toString(StandardCharsets.UTF_8);
        } else if (problem == null && HttpMethod.POST.equals(method) && request.content().isReadable()) {
            problem = FormDecoder.decode(request.content().toString(StandardCharsets.ISO_8859_1), params);
        }
        if (problem != null) {
            finish(ctx, slot, text(HttpResponseStatus.BAD_REQUEST, "bad request: " + problem), false);
            return;
        }
        HttpHeaders headers = request.headers();
        InetAddress client = proxies.clientOf(peer(ctx), headers::getAll);
        WebRequest call = new WebRequest(method.name(), path, params, headers::get, client,
                headers.get(HttpHeaderNames.USER_AGENT), ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class) != null,
                body);
        Dialect dialect = dialectFor(call);
        if (dialect == null) {
            finish(ctx, slot, text(HttpResponseStatus.NOT_FOUND, "not found"), slot.keepAlive);
            return;
        }
        CompletableFuture<WebReply> reply;
        try {
            reply = dialect.handle(call);
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenComplete((web, fault) -> {
            WebReply answer = fault == null ? web : failed(dialect, call, fault);
            if (ctx.executor().inEventLoop()) {
                replied(ctx, slot, answer);
            } else {
                ctx.executor().execute(() -> replied(ctx, slot, answer));
            }
        });
    }

    private Dialect dialectFor(String path) {
        for (Dialect d : dialects) {
            if (d.serves(path)) {
                return d;
            }
        }
        return null;
    }

    /** The first dialect that serves the request's path and claims it. */
    private Dialect dialectFor(WebRequest call) {
        for (Dialect d : dialects) {
            if (d.serves(call.path()) && d.claims(call)) {
                return d;
            }
        }
        return null;
    }

    /** {@code //nic/update} is {@code /nic/update}: some firmware joins a base URL and a path badly. */
    static String normalisePath(String path) {
        int i = 0;
        while (i + 1 < path.length() && path.charAt(i) == '/' && path.charAt(i + 1) == '/') {
            i++;
        }
        return path.substring(i);
    }

    /** The one catch-all of the HTTP path: logged with its cause, answered in the dialect's words. */
    private static WebReply failed(Dialect dialect, WebRequest call, Throwable fault) {
        log.error("request {} {} failed", call.method(), call.path(), fault);
        try {
            return dialect.fault(call);
        } catch (RuntimeException e) {
            return WebReply.of(500, "server error");
        }
    }

    private void replied(ChannelHandlerContext ctx, Slot slot, WebReply reply) {
        FullHttpResponse response = text(HttpResponseStatus.valueOf(reply.status()), reply.body());
        reply.headers().forEach((name, value) -> response.headers().set(name, value));
        finish(ctx, slot, response, slot.keepAlive && !reply.close());
    }

    private void finish(ChannelHandlerContext ctx, Slot slot, FullHttpResponse response, boolean keepAlive) {
        if (!keepAlive) {
            response.headers().set("Connection", "close");
        } else if (slot.version.equals(HttpVersion.HTTP_1_0)) {
            response.headers().set("Connection", "keep-alive");
        }
        slot.response = response;
        slot.closeAfter = !keepAlive;
        flushReady(ctx);
    }

    private void flushReady(ChannelHandlerContext ctx) {
        boolean wrote = false;
        while (!slots.isEmpty() && slots.peek().response != null && !closing) {
            Slot head = slots.poll();
            FullHttpResponse response = head.response;
            response.setProtocolVersion(head.version);
            if (draining && slots.isEmpty()) {
                response.headers().set("Connection", "close");
                head.closeAfter = true;
            }
            if (head.closeAfter) {
                // Nothing after this reply will be answered: drop the slots behind it.
                closing = true;
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                slots.forEach(s -> {
                    if (s.response != null) {
                        s.response.release();
                    }
                });
                slots.clear();
                return;
            }
            ctx.write(response);
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
        if (slots.size() < maxPipelined && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
        if (slots.isEmpty() && !closing) {
            timer.allRepliesWritten();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closing = true;
        for (Slot s : slots) {
            if (s.response != null) {
                s.response.release();
            }
        }
        slots.clear();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Resets and TLS garbage from clients are routine; anything here ends the connection.
        log.debug("connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private FullHttpResponse text(HttpResponseStatus status, String body) {
        ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content, REPLY_HEADERS, REPLY_TRAILERS);
        // Canonical capitalisation: firmware HTTP parsers are often hand-written and case-sensitive.
        r.headers()
                .set("Content-Type", "text/plain; charset=utf-8")
                .set("Cache-Control", "no-store")
                .set("Date", date.now())
                .setInt("Content-Length", content.readableBytes());
        return r;
    }

    private FullHttpResponse malformed(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return text(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line too long");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return text(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers too large");
        }
        if (cause instanceof TooLongFrameException) {
            return text(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request too large");
        }
        return text(HttpResponseStatus.BAD_REQUEST, "bad request");
    }

    private static InetAddress peer(ChannelHandlerContext ctx) {
        return IpLiteral.normalise(((InetSocketAddress) ctx.channel().remoteAddress()).getAddress());
    }
}
