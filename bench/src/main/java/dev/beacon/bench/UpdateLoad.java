package dev.beacon.bench;

import dev.beacon.token.TokenCodec;
import dev.beacon.token.TokenKey;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Load generator for the device API: many devices, tokens minted per request as firmware mints
 * them, closed-loop keep-alive connections on loopback, fixed duration. Prints requests/s and
 * latency percentiles per scenario. With several URLs (nodes of one cluster), connection i goes to
 * URL i mod n, and each device always to the same node, as a load balancer hashing on the client
 * would send it. Not a test: run it through {@code bench/update-bench.sh} or {@code bench/cluster-bench.sh}.
 *
 * <pre>
 * java -jar beacon-bench.jar --url http://127.0.0.1:8080[,http://127.0.0.1:8081...] --key BASE64 [--kid 1] [--devices 10000]
 *      [--connections 256] [--threads 1] [--warmup 3] [--duration 10]
 *      [--scenarios setup,register,ipdetect,no_change,change]
 * </pre>
 */
public final class UpdateLoad {

    private UpdateLoad() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        List<URI> urls = new ArrayList<>();
        for (String u : opt.getOrDefault("url", "http://127.0.0.1:8080").split(",")) {
            urls.add(URI.create(u.strip()));
        }
        TokenKey key = TokenKey.fromBase64(Integer.parseInt(opt.getOrDefault("kid", "1")), opt.get("key"));
        int devices = Integer.parseInt(opt.getOrDefault("devices", "10000"));
        int connections = Integer.parseInt(opt.getOrDefault("connections", "256"));
        int threads = Integer.parseInt(opt.getOrDefault("threads", "1"));
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "3"));
        int duration = Integer.parseInt(opt.getOrDefault("duration", "10"));
        List<Scenario> scenarios = new ArrayList<>();
        for (String s : opt.getOrDefault("scenarios", "setup,register,ipdetect,no_change,change").split(",")) {
            scenarios.add(Scenario.valueOf(s.strip().toUpperCase(Locale.ROOT)));
        }
        TokenCodec codec = new TokenCodec(new SecureRandom());
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        System.out.printf("load: %d devices, %d connections, %d client thread(s), %ds warm-up + %ds per scenario, %s%n",
                devices, connections, threads, warmup, duration, urls);
        System.out.printf("%-30s %10s %10s %8s %8s %8s %8s %8s %10s%n", "scenario", "replies", "req/s", "p50 ms",
                "p90 ms", "p99 ms", "p99.9 ms", "max ms", "unexpected");
        try {
            for (Scenario scenario : scenarios) {
                boolean finite = scenario == Scenario.SETUP;
                Result r = run(scenario, group, epoll, urls, codec, key, devices, connections,
                        finite ? 0 : warmup, finite ? 3600 : duration);
                r.print();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** What one scenario measured. */
    record Result(Scenario scenario, Histogram latencies, long replies, double seconds, long unexpected, String sample) {
        void print() {
            System.out.printf(Locale.ROOT, "%-30s %10d %10.0f %8.2f %8.2f %8.2f %8.2f %8.2f %10d%s%n", scenario.title(),
                    replies, replies / seconds, ms(50), ms(90), ms(99), ms(99.9), latencies.getMaxValue() / 1000.0,
                    unexpected, sample == null ? "" : "  (e.g. " + sample + ")");
        }

        private double ms(double percentile) {
            return latencies.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private static Result run(Scenario scenario, EventLoopGroup group, boolean epoll, List<URI> urls, TokenCodec codec,
            TokenKey key, int devices, int connections, int warmup, int duration) throws InterruptedException {
        LoadConnection.Run run = new LoadConnection.Run();
        long start = System.nanoTime();
        run.measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
        run.measureUntil = run.measureFrom + TimeUnit.SECONDS.toNanos(duration);
        CountDownLatch done = new CountDownLatch(connections);
        List<LoadConnection> handlers = new ArrayList<>();
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            LoadConnection handler = new LoadConnection(
                    new Scenario.Source(scenario, codec, key, i, connections, devices), run, done);
            handlers.add(handler);
            Bootstrap b = new Bootstrap().group(group)
                    .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new ReplyDecoder(), handler);
                        }
                    });
            URI url = urls.get(i % urls.size());
            channels.add(b.connect(url.getHost(), url.getPort()).sync().channel());
        }
        // Each connection counts down once when it stops or closes; wait for all to stop.
        done.await(warmup + duration + 120L, TimeUnit.SECONDS);
        run.stop = true;
        for (Channel c : channels) {
            c.close().syncUninterruptibly();
        }
        long end = System.nanoTime();
        Histogram all = new Histogram(3_600_000_000L, 3);
        long replies = 0;
        long unexpected = 0;
        String sample = null;
        for (LoadConnection h : handlers) {
            all.add(h.latencies);
            replies += h.replies;
            unexpected += h.unexpected;
            if (h.lastUnexpected != null) {
                sample = h.lastUnexpected;
            }
        }
        double seconds = scenario == Scenario.SETUP
                ? (end - start) / 1e9
                : Math.min(duration, (end - run.measureFrom) / 1e9);
        return new Result(scenario, all, replies, seconds, unexpected, sample);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            out.put(args[i].substring(2), args[++i]);
        }
        if (!out.containsKey("key")) {
            throw new IllegalArgumentException("--key BASE64 is required (the zone key the server uses)");
        }
        return out;
    }
}
