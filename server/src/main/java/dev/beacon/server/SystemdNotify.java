package dev.beacon.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The systemd readiness protocol ({@code sd_notify}, for {@code Type=notify}): a datagram to the
 * Unix socket {@code $NOTIFY_SOCKET} names, {@code READY=1} once every listener is bound and the
 * state is loaded, {@code STOPPING=1} when a stop begins. Without the variable (not started by
 * systemd) it does nothing. Stateless; each message uses a short-lived socket.
 */
public final class SystemdNotify {

    private static final Logger log = LoggerFactory.getLogger(SystemdNotify.class);

    private SystemdNotify() {
    }

    /** Tells systemd the service is ready, with a status line for {@code systemctl status}. */
    public static void ready(String status) {
        send("READY=1\nSTATUS=" + status.replace('\n', ' ') + "\n");
    }

    /** Tells systemd the service is stopping. */
    public static void stopping() {
        send("STOPPING=1\n");
    }

    private static void send(String message) {
        String socket = System.getenv("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) {
            return;
        }
        if (!Epoll.isAvailable()) {
            log.warn("NOTIFY_SOCKET is set but Unix datagram sockets need epoll here: systemd was not told '{}'",
                    message.lines().findFirst().orElse(""));
            return;
        }
        // '@' names a socket in the abstract namespace, which the kernel spells with a leading NUL.
        String path = socket.startsWith("@") ? "\0" + socket.substring(1) : socket;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            // Connected to systemd's socket: Netty writes only on an active (bound or connected) channel.
            Channel channel = new Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
                    .handler(new ChannelInboundHandlerAdapter()).connect(new DomainSocketAddress(path)).sync().channel();
            channel.writeAndFlush(Unpooled.copiedBuffer(message, StandardCharsets.UTF_8)).sync();
            channel.close().sync();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("could not tell systemd '{}' through {}: {}", message.lines().findFirst().orElse(""), socket,
                    e.toString());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
