package dev.beacon.http;

import dev.beacon.dialect.Dialect;
import dev.beacon.io.Transport;
import dev.beacon.logging.ThrottledLog;
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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
    /** Null for plain HTTP; replaced by a reload: new handshakes use the new one, open connections keep theirs. */
    private volatile SslContext tls;
    private final HttpDate date;
    private final TlsFailureLog tlsFailures;
    /** Every open connection, so stopping closes them rather than leaving clients waiting. */
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private Channel channel;

    /**
     * @param tls the TLS context for an HTTPS listener, or null for plain HTTP
     * @param handshakeFailures where failed TLS handshakes are logged
     */
    public HttpServer(Transport transport, EventLoopGroup group, List<Dialect> dialects, TrustedProxies proxies,
            HttpSettings settings, SslContext tls, Clock clock, ThrottledLog handshakeFailures) {
        this.transport = transport;
        this.group = group;
        this.dialects = List.copyOf(dialects);
        this.proxies = proxies;
        this.settings = settings;
        this.tls = tls;
        this.date = new HttpDate(clock);
        this.tlsFailures = new TlsFailureLog(handshakeFailures);
    }

    /** The certificate and key of a reload, for the handshakes from now on; false for a plain HTTP listener. */
    public boolean tls(SslContext reloaded) {
        if (tls == null) {
            return false;
        }
        this.tls = reloaded;
        return true;
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
                        SslContext context = tls;
                        if (context != null) {
                            p.addLast("tls", context.newHandler(ch.alloc()));
                            p.addLast("tls-failures", tlsFailures);
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

    /** Closes the listening socket: new connections are refused, open ones carry on. */
    public void stopAccepting() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Stops accepting, lets every open connection answer the requests it has received (each then
     * closes), and closes whatever is still open after {@code grace}.
     *
     * @return how many connections had to be cut at the deadline
     */
    public int drain(Duration grace) {
        stopAccepting();
        for (Channel c : connections) {
            DeviceHttpHandler handler = c.pipeline().get(DeviceHttpHandler.class);
            if (handler != null) {
                handler.drain();
            } else {
                c.close();
            }
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while (!connections.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int cut = connections.size();
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        return cut;
    }

    /** Drains with the request timeout as the grace period. */
    @Override
    public void close() {
        drain(settings.requestTimeout());
    }
}
