package dev.beacon.bench;

import dev.beacon.token.DeviceId;
import dev.beacon.token.TokenCodec;
import dev.beacon.token.TokenKey;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * How far secondaries lag behind Beacon under a steady stream of changes: {@code --rate}
 * changing updates a second through the HTTP API for {@code --duration} seconds, and meanwhile,
 * for each server on its own (so a slow one holds up only its own samples), up to ten times a
 * second a probe device changes its address and the clock runs from its {@code 09} until that
 * server's DNS answers the new address. Prints the rate achieved and each
 * secondary's lag p50/p99/max (Beacon's own DNS alongside, as the floor). Not a test: run it
 * through {@code bench/xfr-bench.sh}.
 *
 * <pre>
 * java -cp beacon-bench.jar dev.beacon.bench.SecondaryLag --url http://127.0.0.1:8080 --key BASE64
 *      --zone ddns.test --secondaries beacon=127.0.0.1:5300,knot=127.0.0.1:5301 [--rate 1000] [--duration 30]
 *      [--devices 1000]
 * </pre>
 */
public final class SecondaryLag {

    private static final int IN_FLIGHT = 256;
    /** How long a probe waits for a secondary before counting it as not seen. */
    private static final int PROBE_WAIT_SECONDS = 60;

    private SecondaryLag() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].substring(2), args[i + 1]);
        }
        URI url = URI.create(opt.get("url"));
        TokenKey key = TokenKey.fromBase64(1, opt.get("key"));
        String zone = opt.getOrDefault("zone", "ddns.test");
        int rate = Integer.parseInt(opt.getOrDefault("rate", "1000"));
        int duration = Integer.parseInt(opt.getOrDefault("duration", "30"));
        int devices = Integer.parseInt(opt.getOrDefault("devices", "1000"));
        Map<String, InetSocketAddress> secondaries = new LinkedHashMap<>();
        for (String s : opt.get("secondaries").split(",")) {
            String[] nameAddress = s.split("=");
            String[] hostPort = nameAddress[1].split(":");
            secondaries.put(nameAddress[0], new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])));
        }
        TokenCodec codec = new TokenCodec(new SecureRandom());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        register(http, url, codec, key, devices);
        // One probe device per server, so a slow secondary delays only its own samples.
        for (String server : secondaries.keySet()) {
            expect(send(http, url, "/add.aspx?mac=" + codec.mint(key, probeDevice(server), now()) + "&dm=lag-probe-"
                    + server + "&myip=10.255.0.1"), "10|lag-probe-" + server + "." + zone);
        }

        AtomicLong sent = new AtomicLong();
        AtomicLong changed = new AtomicLong();
        AtomicLong skipped = new AtomicLong();
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pacer");
            t.setDaemon(true);
            return t;
        });
        long periodNanos = 1_000_000_000L / rate;
        pacer.scheduleAtFixedRate(() -> {
            if (!inFlight.tryAcquire()) {
                skipped.incrementAndGet();
                return;
            }
            long n = sent.getAndIncrement();
            int device = (int) (n % devices);
            String ip = "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
            String path = "/update.aspx?mac=" + codec.mint(key, DeviceId.parse("SN-LAG-" + device), now()) + "&myip=" + ip;
            http.sendAsync(HttpRequest.newBuilder(url.resolve(path)).build(), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((reply, failure) -> {
                        inFlight.release();
                        if (reply != null && reply.body().equals("09")) {
                            changed.incrementAndGet();
                        }
                    });
        }, 0, periodNanos, TimeUnit.NANOSECONDS);

        Map<String, Histogram> lags = new LinkedHashMap<>();
        Map<String, AtomicLong> misses = new LinkedHashMap<>();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(duration);
        List<Thread> probes = new ArrayList<>();
        for (Map.Entry<String, InetSocketAddress> s : secondaries.entrySet()) {
            Histogram lag = new Histogram(600_000_000_000L, 3);
            AtomicLong missed = new AtomicLong();
            lags.put(s.getKey(), lag);
            misses.put(s.getKey(), missed);
            Thread t = new Thread(() -> probe(http, url, codec, key, zone, s.getKey(), s.getValue(), end, lag, missed),
                    "probe-" + s.getKey());
            t.start();
            probes.add(t);
        }
        for (Thread t : probes) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pacer.shutdownNow();
        System.out.printf(Locale.ROOT, "changes: %d sent, %d answered 09 (%.0f/s), %d not sent (%d already in flight)%n",
                sent.get(), changed.get(), changed.get() / seconds, skipped.get(), IN_FLIGHT);
        System.out.printf("%-10s %8s %10s %10s %10s %s%n", "server", "samples", "p50 ms", "p99 ms", "max ms",
                "not seen within " + PROBE_WAIT_SECONDS + " s");
        for (Map.Entry<String, Histogram> e : lags.entrySet()) {
            Histogram h = e.getValue();
            System.out.printf(Locale.ROOT, "%-10s %8d %10.2f %10.2f %10.2f %d%n", e.getKey(), h.getTotalCount(),
                    h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6, h.getMaxValue() / 1e6,
                    misses.get(e.getKey()).get());
        }
        System.exit(0);
    }

    private static DeviceId probeDevice(String server) {
        return DeviceId.parse("SN-LAG-PROBE-" + server.toUpperCase(Locale.ROOT));
    }

    /**
     * One server's samples until {@code end}, ten a second at most: its probe device changes its
     * address, and the clock runs from the 09 until the server answers the new address.
     */
    private static void probe(HttpClient http, URI url, TokenCodec codec, TokenKey key, String zone, String server,
            InetSocketAddress address, long end, Histogram lags, AtomicLong missed) {
        DnsProbe name = new DnsProbe("lag-probe-" + server + "." + zone);
        try {
            for (int sample = 1; System.nanoTime() < end; sample++) {
                long round = System.nanoTime();
                byte[] ip = {10, (byte) 254, (byte) (sample >> 8), (byte) sample};
                String text = "10.254." + (sample >> 8 & 255) + "." + (sample & 255);
                expect(send(http, url, "/update.aspx?mac=" + codec.mint(key, probeDevice(server), now()) + "&myip=" + text),
                        "09");
                long lag = awaitAnswer(address, name, ip, System.nanoTime());
                if (lag < 0) {
                    missed.incrementAndGet();
                } else {
                    lags.recordValue(lag);
                }
                long sleep = round + 100_000_000L - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(server + ": " + e, e);
        }
    }

    /** Registers the load's devices, lag-0 ... lag-(n-1), a bounded number at a time. */
    private static void register(HttpClient http, URI url, TokenCodec codec, TokenKey key, int devices) {
        Semaphore bound = new Semaphore(64);
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            bound.acquireUninterruptibly();
            String path = "/add.aspx?mac=" + codec.mint(key, DeviceId.parse("SN-LAG-" + i), now()) + "&dm=lag-" + i
                    + "&myip=10.253.0.1";
            all.add(http.sendAsync(HttpRequest.newBuilder(url.resolve(path)).build(), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((r, e) -> bound.release()));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    }

    /** Nanoseconds from {@code since} until the server answers {@code address}; -1 when it has not within the wait. */
    private static long awaitAnswer(InetSocketAddress server, DnsProbe name, byte[] address, long since) {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(100);
            long deadline = since + TimeUnit.SECONDS.toNanos(PROBE_WAIT_SECONDS);
            while (!name.answers(socket, server, address)) {
                if (System.nanoTime() > deadline) {
                    return -1;
                }
                Thread.sleep(1);
            }
            return System.nanoTime() - since;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void expect(String reply, String wanted) {
        if (!reply.equals(wanted)) {
            throw new IllegalStateException("expected " + wanted + ", got " + reply);
        }
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static String send(HttpClient http, URI base, String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }


}
