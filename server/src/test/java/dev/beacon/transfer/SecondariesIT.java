package dev.beacon.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.Dig;
import dev.beacon.testing.LogCapture;
import dev.beacon.testing.Secondary;
import dev.beacon.testing.TestServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.ZoneTransferIn;

/**
 * Beacon as the hidden primary of real secondaries (Knot, BIND, NSD), each configured as
 * docs/OPERATIONS.md shows, with a TSIG key: the first transfer, NOTIFY then IXFR after a device's
 * change, convergence after a burst, recovery by full transfer after the journal was pruned, and
 * a wrong key refused.
 */
class SecondariesIT {

    private static final String KEY = "xfr-key";
    private static final String SECRET = "q83mJpV0yqDkJ3cLw0bEHm0y7yTQJ4uYf2XGkGx9Q0c=";

    @TempDir
    Path dir;

    /** A Beacon that lets the key transfer from loopback and notifies {@code secondary}. */
    private TestServer primary(Secondary secondary) throws Exception {
        return TestServer.in(dir.resolve("beacon"))
                .extra("tsig-keys: [{name: " + KEY + ", algorithm: hmac-sha256, secret: '" + SECRET + "'}]")
                .zone("""
                        ns: [ns1.example.net, ns2.example.net]
                        allow-transfer: [{key: %s, from: 127.0.0.1/32}]
                        notify: [{address: '127.0.0.1:%d', key: %s}]""".formatted(KEY, secondary.port(), KEY))
                .start();
    }

    private static long serialOf(TestServer beacon) throws Exception {
        return Long.parseLong(Dig.ask(beacon.dnsPort(), "+short", "ddns.test", "SOA").output().trim().split("\\s+")[2]);
    }

    /** Starts the secondary and waits for its first transfer. */
    private static void follow(Secondary secondary, TestServer beacon) throws Exception {
        secondary.start(beacon.dnsPort());
        secondary.awaitSerial(serialOf(beacon), Duration.ofSeconds(10));
    }

    /** The zone as a set of record lines, by AXFR; from Beacon signed, from the secondary unsigned. */
    private static Set<String> zone(int port, boolean signed) throws Exception {
        TSIG tsig = signed ? new TSIG(TSIG.HMAC_SHA256, Name.fromConstantString(KEY + "."),
                new SecretKeySpec(java.util.Base64.getDecoder().decode(SECRET), "HmacSHA256")) : null;
        ZoneTransferIn xfr = ZoneTransferIn.newAXFR(Name.fromConstantString("ddns.test."),
                new InetSocketAddress("127.0.0.1", port), tsig);
        xfr.setTimeout(Duration.ofSeconds(20));
        xfr.run();
        Set<String> lines = new TreeSet<>();
        for (Record r : xfr.getAXFR()) {
            lines.add(r.toString().replaceAll("\\s+", " "));
        }
        return lines;
    }

    @ParameterizedTest
    @EnumSource(value = Secondary.Kind.class, names = {"KNOT", "BIND", "NSD"})
    void theSecondaryAnswersADevicesNewAddressWithinTwoSeconds(Secondary.Kind kind) throws Exception {
        try (Secondary secondary = kind.create(dir.resolve("secondary"), KEY, SECRET);
                TestServer beacon = primary(secondary);
                LogCapture transfers = LogCapture.of(Transfers.class)) {
            assertThat(beacon.add("SN-1", "cam1", "myip=198.51.100.1")).isEqualTo("10|cam1.ddns.test");
            follow(secondary, beacon);
            long before = serialOf(beacon);

            assertThat(beacon.update("SN-1", "myip=198.51.100.2")).isEqualTo("09");
            long changed = System.nanoTime();
            while (!Dig.ask(secondary.port(), "+short", "cam1.ddns.test", "A").output().contains("198.51.100.2")) {
                assertThat(Duration.ofNanos(System.nanoTime() - changed)).as(secondary.log())
                        .isLessThan(Duration.ofSeconds(2));
                Thread.sleep(10);
            }
            transfers.await("IXFR of zone ddns.test to 127.0.0.1 (key xfr-key): serial " + before + " -> "
                    + serialOf(beacon));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Secondary.Kind.class, names = {"KNOT", "BIND", "NSD"})
    void afterABurstOf500ChangesTheSecondaryHoldsTheSameZone(Secondary.Kind kind) throws Exception {
        try (Secondary secondary = kind.create(dir.resolve("secondary"), KEY, SECRET);
                TestServer beacon = primary(secondary)) {
            follow(secondary, beacon);
            ExecutorService devices = Executors.newFixedThreadPool(16);
            try {
                List<Future<String>> replies = new ArrayList<>();
                for (int i = 0; i < 250; i++) {
                    int n = i;
                    replies.add(devices.submit(() -> beacon.add("SN-B" + n, "burst" + n, "myip=203.0.113." + (n % 250 + 1))));
                }
                for (int i = 0; i < 250; i++) {
                    int n = i;
                    replies.add(devices.submit(() -> beacon.update("SN-B" + n, "myip=192.0.2." + (n % 250 + 1))));
                }
                for (Future<String> reply : replies) {
                    assertThat(reply.get()).matches("10\\|burst\\d+\\.ddns\\.test|09|12");
                }
            } finally {
                devices.shutdown();
            }
            secondary.awaitSerial(serialOf(beacon), Duration.ofSeconds(20));
            assertThat(zone(secondary.port(), false)).isEqualTo(zone(beacon.dnsPort(), true)).hasSizeGreaterThan(250);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Secondary.Kind.class, names = {"KNOT", "BIND", "NSD"})
    void aSecondaryBehindAPrunedJournalRecoversByAFullTransfer(Secondary.Kind kind) throws Exception {
        try (Secondary secondary = kind.create(dir.resolve("secondary"), KEY, SECRET);
                TestServer beacon = primary(secondary);
                LogCapture transfers = LogCapture.of(Transfers.class)) {
            assertThat(beacon.add("SN-P", "pruned", "myip=198.51.100.1")).isEqualTo("10|pruned.ddns.test");
            follow(secondary, beacon);
            secondary.stop();

            assertThat(beacon.update("SN-P", "myip=198.51.100.9")).isEqualTo("09");
            assertThat(beacon.add("SN-Q", "later", "myip=198.51.100.10")).isEqualTo("10|later.ddns.test");
            // What the pruner does after journal-retention: every entry goes.
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + beacon.dataDir().resolve("beacon.db"));
                    Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM journal");
            }
            follow(secondary, beacon);
            assertThat(Dig.ask(secondary.port(), "+short", "pruned.ddns.test", "A").output()).contains("198.51.100.9");
            assertThat(transfers.lines()).anyMatch(l -> l.startsWith("AXFR-style IXFR of zone ddns.test")
                    || l.startsWith("AXFR of zone ddns.test"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Secondary.Kind.class, names = {"KNOT", "BIND", "NSD"})
    void e4ASecondaryWithTheWrongSecretIsRefusedAndGetsNothing(Secondary.Kind kind) throws Exception {
        String wrong = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        try (Secondary secondary = kind.create(dir.resolve("secondary"), KEY, wrong);
                TestServer beacon = primary(secondary);
                LogCapture refusals = LogCapture.of(Transfers.class)) {
            assertThat(beacon.add("SN-W", "secret-cam", "myip=198.51.100.1")).isEqualTo("10|secret-cam.ddns.test");
            secondary.start(beacon.dnsPort());
            refusals.await("TSIG BADSIG from 127.0.0.1: key 'xfr-key', refused");
            assertThat(secondary.serial()).isEqualTo(-1);
            assertThat(Dig.ask(secondary.port(), "secret-cam.ddns.test", "A").answer()).isEmpty();
        }
    }
}
