package dev.beacon.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.BeaconProcess;
import dev.beacon.testing.TestServer;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The readiness signal of Type=notify: a socket bound where systemd would bind it, the packaged
 * server started with NOTIFY_SOCKET naming it, READY=1 once it answers, STOPPING=1 on SIGTERM.
 */
class SystemdNotifyIT {

    @TempDir
    Path dir;

    @Test
    void theServerSaysReadyOnceItAnswersAndStoppingWhenAskedToStop() throws Exception {
        Path socket = dir.resolve("notify.sock");
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            Channel listener = new Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
                    .handler(new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket packet) {
                            messages.add(packet.content().toString(StandardCharsets.UTF_8));
                        }
                    }).bind(new DomainSocketAddress(socket.toString())).sync().channel();
            Path config = dir.resolve("beacon.yaml");
            Files.writeString(config, TestServer.in(dir).yaml());
            try (BeaconProcess beacon = BeaconProcess.start(Map.of("NOTIFY_SOCKET", socket.toString()), config,
                    dir.resolve("data"))) {
                String ready = messages.poll(60, TimeUnit.SECONDS);
                assertThat(ready).startsWith("READY=1\n").contains("STATUS=serving 0 names");
                HttpResponse<String> detect = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(beacon.base() + "ipdetect.aspx")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(detect.body()).isEqualTo("127.0.0.1");

                assertThat(beacon.stop(Duration.ofSeconds(30))).isZero();
                assertThat(messages.poll(10, TimeUnit.SECONDS)).isEqualTo("STOPPING=1\n");
            }
            listener.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
