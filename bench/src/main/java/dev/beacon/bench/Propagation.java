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
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Propagation delay across a cluster: a device's update is acknowledged by node A ({@code 09}),
 * and the clock runs until node B's DNS answers the new address (UDP queries in a tight loop).
 * Prints p50/p99/max over the samples. Not a test: run it through {@code bench/cluster-bench.sh}.
 *
 * <pre>
 * java -cp beacon-bench.jar dev.beacon.bench.Propagation --write http://127.0.0.1:8080 --dns 127.0.0.1:5300
 *      --zone bench.test --key BASE64 [--samples 200]
 * </pre>
 */
public final class Propagation {

    private Propagation() {
    }

    public static void main(String[] args) throws Exception {
        java.util.Map<String, String> opt = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].substring(2), args[i + 1]);
        }
        URI write = URI.create(opt.get("write"));
        String[] dns = opt.get("dns").split(":");
        InetSocketAddress resolver = new InetSocketAddress(dns[0], Integer.parseInt(dns[1]));
        String zone = opt.getOrDefault("zone", "bench.test");
        TokenKey key = TokenKey.fromBase64(1, opt.get("key"));
        int samples = Integer.parseInt(opt.getOrDefault("samples", "200"));
        TokenCodec codec = new TokenCodec(new SecureRandom());
        HttpClient http = HttpClient.newHttpClient();
        DeviceId device = DeviceId.parse("SN-PROPAGATION");
        String label = "propagation";
        send(http, write, "/add.aspx?mac=" + codec.mint(key, device, now()) + "&dm=" + label + "&myip=10.0.0.1");
        Histogram delays = new Histogram(60_000_000_000L, 3);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(200);
            DnsProbe probe = new DnsProbe(label + "." + zone);
            for (int i = 0; i < samples; i++) {
                byte[] address = {10, 1, (byte) (i >> 8), (byte) i};
                String ip = (address[0] & 255) + "." + (address[1] & 255) + "." + (address[2] & 255) + "." + (address[3] & 255);
                String reply = send(http, write, "/update.aspx?mac=" + codec.mint(key, device, now()) + "&myip=" + ip);
                long acknowledged = System.nanoTime();
                if (!reply.equals("09")) {
                    throw new IllegalStateException("update answered " + reply);
                }
                long deadline = acknowledged + 10_000_000_000L;
                while (!probe.answers(socket, resolver, address)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("node B never answered " + ip);
                    }
                }
                delays.recordValue(System.nanoTime() - acknowledged);
            }
        }
        System.out.printf(Locale.ROOT, "propagation (09 at A -> answered by B's DNS), %d samples: p50 %.2f ms, p99 %.2f ms,"
                + " max %.2f ms%n", samples, ms(delays, 50), ms(delays, 99), delays.getMaxValue() / 1e6);
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1e6;
    }

    private static String send(HttpClient http, URI base, String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }


}
