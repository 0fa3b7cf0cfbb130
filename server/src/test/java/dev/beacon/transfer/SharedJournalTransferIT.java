package dev.beacon.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.Dig;
import dev.beacon.testing.Postgres;
import dev.beacon.testing.TestServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.ZoneTransferIn;

/**
 * Several nodes on one PostgreSQL serve one zone: a secondary may transfer from any of them, and
 * an IXFR from a node that did not make the change still carries it (the journal is shared).
 */
class SharedJournalTransferIT {

    @TempDir
    Path dir;

    private TestServer node(String url, String name) throws Exception {
        return TestServer.in(dir.resolve(name)).db(url)
                .extra("tsig-keys: [{name: xfr-key, algorithm: hmac-sha256, secret: '" + TransferIT.SECRET + "'}]")
                .zone("allow-transfer: [{key: xfr-key, from: 127.0.0.1/32}]").start();
    }

    private static long serial(TestServer node) throws Exception {
        return Long.parseLong(Dig.ask(node.dnsPort(), "+short", "ddns.test", "SOA").output().trim().split("\\s+")[2]);
    }

    @Test
    void anIxfrFromTheOtherNodeCarriesTheChangeAndBothGiveTheSameSerial() throws Exception {
        String url = Postgres.freshSchemaUrl();
        try (TestServer writer = node(url, "writer"); TestServer other = node(url, "other")) {
            assertThat(writer.add("SN-1", "shared", "myip=192.0.2.1")).isEqualTo("10|shared.ddns.test");
            long before = serial(writer);
            assertThat(writer.update("SN-1", "myip=192.0.2.2")).isEqualTo("09");
            long after = serial(writer);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (serial(other) != after && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(serial(other)).isEqualTo(after);

            ZoneTransferIn xfr = ZoneTransferIn.newIXFR(Name.fromConstantString("ddns.test."), before, false,
                    new InetSocketAddress("127.0.0.1", other.dnsPort()), TransferIT.key(TransferIT.SECRET));
            xfr.run();
            List<ZoneTransferIn.Delta> deltas = xfr.getIXFR();
            assertThat(deltas).hasSize(1);
            assertThat(deltas.get(0).adds.stream().map(r -> r.rdataToString()).collect(Collectors.toList()))
                    .contains("192.0.2.2");
            assertThat(deltas.get(0).deletes.stream().map(r -> r.rdataToString()).collect(Collectors.toList()))
                    .contains("192.0.2.1");
        } finally {
            Postgres.dropSchema(url);
        }
    }
}
