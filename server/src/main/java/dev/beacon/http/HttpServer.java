package dev.beacon.http;

import dev.beacon.compat.Dialect;
import dev.beacon.io.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;

/**
 * One HTTP or HTTPS listener of the device API. Decoding, limits, TLS and timers are Netty's and
 * this package's; what a request means is its {@link Dialect}'s. Start once, close once.
 */
public final class HttpServer implements AutoCloseable {

    private final Transport transport;
    private final EventLoopGroup group;
    private final List<Dialect> dialects;
    private final TrustedProxies proxies;
    private final HttpSettings settings;
    private final SslContext tls;
    private final HttpDate date;
    /** Every open connection, so stopping closes them rather than leaving clients waiting. */
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private Channel channel;

    /**
     * @param tls the TLS context for an HTTPS listener, or null for plain HTTP
     */
    public HttpServer(Transport transport, EventLoopGroup group, List<Dialect> dialects, TrustedProxies proxies,
            HttpSettings settings, SslContext tls, Clock clock) {
        this.transport = transport;
        this.group = group;
        this.dialects = List.copyOf(dialects);
        this.proxies = proxies;
        this.settings = settings;
        this.tls = tls;
        this.date = new HttpDate(clock);
    }

    /** Binds and starts accepting; returns the bound address (useful with port 0). */
    public InetSocketAddress start(InetSocketAddress bind) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ChannelPipeline p = ch.pipeline();
                        if (tls != null) {
                            p.addLast("tls", tls.newHandler(ch.alloc()));
                        }
                        ConnectionTimer timer = new ConnectionTimer(settings);
                        p.addLast("timer", timer);
                        p.addLast("codec", new HttpServerCodec(new HttpDecoderConfig()
                                .setMaxInitialLineLength(settings.maxUrl())
                                .setMaxHeaderSize(settings.maxHeaders())
                                .setMaxChunkSize(settings.maxBody())));
                        p.addLast("aggregate", new HttpObjectAggregator(settings.maxBody(), true));
                        p.addLast("api", new DeviceHttpHandler(dialects, proxies, date, timer, settings.maxPipelined()));
                    }
                });
        channel = bootstrap.bind(bind).sync().channel();
        return (InetSocketAddress) channel.localAddress();
    }

    public boolean isTls() {
        return tls != null;
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        connections.close().awaitUninterruptibly(5, java.util.concurrent.TimeUnit.SECONDS);
    }
}
