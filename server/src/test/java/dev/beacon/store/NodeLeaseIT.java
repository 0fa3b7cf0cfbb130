package dev.beacon.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beacon.server.StartupException;
import dev.beacon.testing.BeaconCommand;
import dev.beacon.testing.Postgres;
import dev.beacon.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One node per database: a second node would decide names against its own snapshot and hand one
 * name to two devices, so it is refused at start-up with a message that says why.
 */
class NodeLeaseIT {

    @TempDir
    Path dir;

    private String url;

    @AfterEach
    void dropSchema() {
        Postgres.dropSchema(url);
    }

    @Test
    void secondNodeOnOnePostgresSchemaIsRefused() throws Exception {
        url = Postgres.freshSchemaUrl();
        try (TestServer first = TestServer.in(dir.resolve("a")).db(url).start()) {
            assertThat(first.add("E0:46:9A:00:00:01", "cam1", "")).isEqualTo("10|cam1.ddns.test");
            assertThatThrownBy(() -> TestServer.in(dir.resolve("b")).db(url).start())
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("in use by another Beacon node")
                    .hasMessageContaining("beacon node")
                    .hasMessageContaining("one node per database");
            assertThat(first.ipcheck("E0:46:9A:00:00:01")).startsWith("14|");
        }
    }

    @Test
    void nodeStartsOnceThePreviousNodeOfThePostgresSchemaHasStopped() throws Exception {
        url = Postgres.freshSchemaUrl();
        try (TestServer first = TestServer.in(dir.resolve("a")).db(url).start()) {
            first.add("E0:46:9A:00:00:01", "cam1", "");
        }
        try (TestServer second = TestServer.in(dir.resolve("b")).db(url).start()) {
            assertThat(second.add("E0:46:9A:00:00:02", "cam1", "")).isEqualTo("07");
        }
    }

    @Test
    void nodesOnDifferentSchemasOfOneDatabaseRunSideBySide() throws Exception {
        url = Postgres.freshSchemaUrl();
        String other = Postgres.freshSchemaUrl();
        try (TestServer first = TestServer.in(dir.resolve("a")).db(url).start();
                TestServer second = TestServer.in(dir.resolve("b")).db(other).start()) {
            assertThat(first.add("E0:46:9A:00:00:01", "cam1", "")).isEqualTo("10|cam1.ddns.test");
            assertThat(second.add("E0:46:9A:00:00:02", "cam1", "")).isEqualTo("10|cam1.ddns.test");
        } finally {
            Postgres.dropSchema(other);
        }
    }

    @Test
    void secondNodeOnOneSqliteFileIsRefused() throws Exception {
        try (TestServer first = TestServer.in(dir.resolve("a")).start()) {
            String file = "jdbc:sqlite:" + first.dataDir().resolve("beacon.db");
            assertThatThrownBy(() -> TestServer.in(dir.resolve("b")).db(file).start())
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("in use by another Beacon node");
        }
    }

    @Test
    void serveRefusesASecondNodeWithOneLineAndExitStatusOne() throws Exception {
        url = Postgres.freshSchemaUrl();
        try (TestServer first = TestServer.in(dir.resolve("a")).db(url).start()) {
            assertThat(first.port()).isPositive();
            Path work = Files.createDirectories(dir.resolve("cli"));
            BeaconCommand.Run run = BeaconCommand.run(work, "serve", "--db", url, "--http", "127.0.0.1:0",
                    "--dns", "off", "--key-file", key(work));
            assertThat(run.status()).isEqualTo(1);
            assertThat(run.err().strip()).startsWith("beacon: cannot start: ")
                    .contains("in use by another Beacon node").doesNotContain("\tat ");
        }
    }

    private static String key(Path work) throws Exception {
        Path key = work.resolve("zone.key");
        Files.writeString(key, TestServer.KEY_BASE64 + "\n");
        return key.toString();
    }
}
