package dev.beacon.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.Dig;
import dev.beacon.testing.StreamingReplica;
import dev.beacon.testing.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DNS-only node on a real PostgreSQL hot standby, streaming from the primary that a writing node
 * uses: it follows the writer's changes (by polling: a standby relays no NOTIFY and accepts no
 * LISTEN) and answers changes with 12.
 */
class StreamingReplicaIT {

    @TempDir
    Path dir;

    @Test
    void aReadOnlyNodeOnAStreamingReplicaFollowsThePrimarysWriter() throws Exception {
        try (StreamingReplica pg = StreamingReplica.start(dir.resolve("pg"));
                TestServer writer = TestServer.in(dir.resolve("writer")).db(pg.primaryUrl()).start()) {
            awaitSchema(pg.replicaUrl());
            try (TestServer reader = TestServer.in(dir.resolve("reader")).db(pg.replicaUrl())
                    .storage("{role: replica}").start()) {
                assertThat(writer.add("SN-STREAM", "streamed", "myip=198.51.100.60")).isEqualTo("10|streamed.ddns.test");
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                List<String> answer = List.of();
                while (System.nanoTime() < deadline) {
                    answer = Dig.ask(reader.dnsPort(), "streamed.ddns.test", "A").answer();
                    if (!answer.isEmpty()) {
                        break;
                    }
                    Thread.sleep(20);
                }
                assertThat(answer).containsExactly("streamed.ddns.test. 60 IN A 198.51.100.60");
                assertThat(reader.add("SN-READER", "nope", "myip=198.51.100.61")).isEqualTo("12");
                assertThat(reader.update("SN-STREAM", "myip=198.51.100.62")).isEqualTo("12");
            }
        }
    }

    /** The primary's schema has reached the standby (a replica never migrates). */
    private static void awaitSchema(String replicaUrl) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try (Connection c = DriverManager.getConnection(replicaUrl); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables"
                            + " WHERE table_name = 'spent_nonces'")) {
                if (rs.next() && rs.getInt(1) > 0) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the schema never reached the replica");
            }
            Thread.sleep(50);
        }
    }
}
