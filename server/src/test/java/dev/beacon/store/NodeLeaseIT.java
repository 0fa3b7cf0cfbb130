package dev.beacon.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beacon.server.StartupException;
import dev.beacon.testing.BeaconCommand;
import dev.beacon.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A SQLite file serves one node: a second process on it is refused at start-up, saying why. */
class NodeLeaseIT {

    @TempDir
    Path dir;

    @Test
    void secondNodeOnOneSqliteFileIsRefused() throws Exception {
        try (TestServer first = TestServer.in(dir.resolve("a")).start()) {
            String file = "jdbc:sqlite:" + first.dataDir().resolve("beacon.db");
            assertThatThrownBy(() -> TestServer.in(dir.resolve("b")).db(file).start())
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("in use by another Beacon process");
        }
    }

    @Test
    void serveRefusesASecondProcessOnOneSqliteFileWithOneLineAndExitStatusOne() throws Exception {
        try (TestServer first = TestServer.in(dir.resolve("a")).start()) {
            assertThat(first.port()).isPositive();
            Path work = Files.createDirectories(dir.resolve("cli"));
            BeaconCommand.Run run = BeaconCommand.run(work, "serve", "--db", "jdbc:sqlite:"
                    + first.dataDir().resolve("beacon.db"), "--http", "127.0.0.1:0", "--dns", "off", "--key-file", key(work));
            assertThat(run.status()).isEqualTo(1);
            assertThat(run.err().strip()).startsWith("beacon: cannot start: ")
                    .contains("in use by another Beacon process").doesNotContain("\tat ");
        }
    }

    private static String key(Path work) throws Exception {
        Path key = work.resolve("zone.key");
        Files.writeString(key, TestServer.KEY_BASE64 + "\n");
        return key.toString();
    }
}
