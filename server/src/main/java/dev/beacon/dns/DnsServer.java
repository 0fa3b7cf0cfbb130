package dev.beacon.dns;

import dev.beacon.io.Transport;
import dev.beacon.registry.RegistrySnapshot;
import dev.beacon.zone.Zone;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * The authoritative DNS listeners, UDP and TCP on one address, answering from the registry's
 * live snapshot. On epoll each event loop gets its own UDP socket on the port
 * ({@code SO_REUSEPORT}), read with {@code recvmmsg} and written with {@code sendmmsg}, so the
 * kernel spreads queries over the cores and a batch of queries costs a few system calls.
 */
public final class DnsServer implements AutoCloseable {

    /** Datagrams read per system call when the transport can batch them. */
    private static final int DATAGRAMS_PER_READ = 32;
    private static final int MAX_DATAGRAM = 4096;

    private final Transport transport;
    private final EventLoopGroup group;
    private final int loops;
    private final Responder responder;
    private final TransferService transfers;
    private final DnsSettings settings;
    private final FaultLog faults = new FaultLog(LoggerFactory.getLogger(DnsServer.class));
    private final AtomicInteger tcpConnections = new AtomicInteger();
    private final DnsCounters counters = new DnsCounters();
    private final List<Channel> channels = new ArrayList<>();
    /** Open TCP connections, closed when the server stops. */
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    public DnsServer(Transport transport, EventLoopGroup group, int loops, Supplier<RegistrySnapshot> snapshots,
            List<Zone> zones, DnsSettings settings, TransferSupport support) {
        this.transport = transport;
        this.group = group;
        this.loops = loops;
        DnsSettings.RateLimit rrl = settings.rateLimit();
        this.responder = new Responder(snapshots, zones, settings.udpPayload(), support, counters,
                settings.cookies().enabled() ? new ServerCookies(cookieSecret(settings.cookies())) : null,
                rrl.enabled() ? new ResponseRateLimit(rrl.perSecond(), rrl.slip(), rrl.ipv4Prefix(), rrl.ipv6Prefix())
                        : null);
        this.transfers = support.transfers();
        this.settings = settings;
    }

    private static byte[] cookieSecret(DnsSettings.Cookies cookies) {
        byte[] secret = cookies.secret();
        if (secret == null) {
            secret = new byte[16];
            new java.security.SecureRandom().nextBytes(secret);
        }
        return secret;
    }

    /**
     * Binds TCP, then UDP on the same port (the port TCP got, when asked for port 0).
     *
     * @return the bound address
     */
    public InetSocketAddress start(InetSocketAddress bind) throws InterruptedException {
        Channel tcp = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        counters.connectionAccepted();
                        // A transfer's messages are written as the client reads them, not all at once.
                        ch.pipeline().addLast(new ChunkedWriteHandler());
                        ch.pipeline().addLast(new TcpDnsHandler(responder, transfers, faults, settings, tcpConnections));
                    }
                })
                .bind(bind).sync().channel();
        channels.add(tcp);
        InetSocketAddress bound = (InetSocketAddress) tcp.localAddress();
        boolean reusePort = transport.name().equals("epoll");
        int sockets = reusePort ? Math.max(1, loops) : 1;
        for (int i = 0; i < sockets; i++) {
            Bootstrap udp = new Bootstrap()
                    .group(group)
                    .channel(transport.datagramChannel())
                    .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                    .option(ChannelOption.SO_SNDBUF, 4 * 1024 * 1024)
                    .handler(new UdpDnsHandler(responder, faults, ReplyLimit.udp(settings.udpPayload())));
            if (reusePort) {
                udp.option(EpollChannelOption.SO_REUSEPORT, true)
                        .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_DATAGRAM)
                        .option(ChannelOption.RECVBUF_ALLOCATOR,
                                new FixedRecvByteBufAllocator(MAX_DATAGRAM * DATAGRAMS_PER_READ));
            }
            channels.add(udp.bind(bound).sync().channel());
        }
        return bound;
    }

    /** What this server has answered. */
    public DnsCounters counters() {
        return counters;
    }

    /** TCP connections open now. */
    public int openTcpConnections() {
        return tcpConnections.get();
    }

    @Override
    public void close() {
        for (Channel c : channels) {
            c.close().awaitUninterruptibly(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        channels.clear();
        connections.close().awaitUninterruptibly(5, java.util.concurrent.TimeUnit.SECONDS);
    }
}
