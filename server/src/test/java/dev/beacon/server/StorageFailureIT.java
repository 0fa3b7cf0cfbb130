package dev.beacon.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.record.NameRecord;
import dev.beacon.store.JdbcStore;
import dev.beacon.store.StoreSettings;
import dev.beacon.testing.LogCapture;
import dev.beacon.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage that fails during an update: the device gets 12 (remove: 16), nothing half-written
 * is kept, and the in-memory state (what ipcheck and DNS answer) stays the last committed one.
 * The failures are real: another connection holding SQLite's write lock, and a trigger that
 * aborts the transaction halfway.
 */
class StorageFailureIT {

    private static final String CAM = "E0:46:9A:B8:1B:FC";

    @TempDir
    Path dir;

    @Test
    void lockedDatabaseGives12AndKeepsTheOldAddress() throws Exception {
        try (TestServer beacon = TestServer.in(dir).storage("{lock-timeout: 300ms}").start()) {
            beacon.add(CAM, "cam1", "myip=198.51.100.1");
            try (Connection blocker = DriverManager.getConnection(url(beacon)); Statement s = blocker.createStatement()) {
                s.execute("BEGIN EXCLUSIVE");
                assertThat(beacon.update(CAM, "myip=198.51.100.2")).isEqualTo("12");
                assertThat(beacon.remove(CAM)).isEqualTo("16");
                assertThat(beacon.ipcheck(CAM)).isEqualTo("14|198.51.100.1");
                s.execute("ROLLBACK");
            }
            assertThat(beacon.update(CAM, "myip=198.51.100.2")).isEqualTo("09");
            assertThat(beacon.ipcheck(CAM)).isEqualTo("14|198.51.100.2");
        }
    }

    @Test
    void commitThatOutlastsTheCommitTimeoutIsAnswered12AndLandsWhenTheDatabaseReturns() throws Exception {
        try (TestServer beacon = TestServer.in(dir).storage("{lock-timeout: 60s, commit-timeout: 500ms}").start();
                LogCapture log = LogCapture.named("dev.beacon.registry.CommitWatchdog")) {
            beacon.add(CAM, "cam1", "myip=198.51.100.1");
            try (Connection blocker = DriverManager.getConnection(url(beacon)); Statement s = blocker.createStatement()) {
                // A database that does not answer: the writer waits for the lock far past the commit timeout.
                s.execute("BEGIN EXCLUSIVE");
                long start = System.nanoTime();
                assertThat(beacon.update(CAM, "myip=198.51.100.2")).isEqualTo("12");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
                assertThat(log.await("storage.commit-timeout")).contains("answered 1 requests with a server error");
                assertThat(beacon.ipcheck(CAM)).isEqualTo("14|198.51.100.1");
                s.execute("ROLLBACK");
            }
            // The commit the device gave up on finishes and is published; a retry hears 08.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!beacon.ipcheck(CAM).equals("14|198.51.100.2") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(beacon.update(CAM, "myip=198.51.100.2")).isEqualTo("08");
        }
    }

    @Test
    void noChangeUpdatesAndIpcheckAreAnsweredWithoutTheDatabase() throws Exception {
        try (TestServer beacon = TestServer.in(dir).storage("{lock-timeout: 300ms}").start()) {
            beacon.add(CAM, "cam1", "myip=198.51.100.1");
            try (Connection blocker = DriverManager.getConnection(url(beacon)); Statement s = blocker.createStatement()) {
                // While nobody else can write, replies that need no write still come.
                s.execute("BEGIN EXCLUSIVE");
                assertThat(beacon.update(CAM, "myip=198.51.100.1")).isEqualTo("08");
                assertThat(beacon.add(CAM, "cam1", "myip=198.51.100.1")).isEqualTo("08");
                assertThat(beacon.ipcheck(CAM)).isEqualTo("14|198.51.100.1");
                assertThat(beacon.add("SN-OTHER", "cam1", "")).isEqualTo("07");
                assertThat(beacon.update("SN-NOBODY", "")).isEqualTo("13");
                assertThat(beacon.update(CAM, "myip=198.51.100.2")).isEqualTo("12");
                s.execute("ROLLBACK");
            }
        }
    }

    @Test
    void transactionAbortedHalfwayThroughARenameKeepsTheOldName() throws Exception {
        Path data;
        try (TestServer beacon = TestServer.in(dir).start()) {
            data = beacon.dataDir();
            beacon.add(CAM, "cam1", "myip=198.51.100.1");
            try (Connection c = DriverManager.getConnection(url(beacon)); Statement s = c.createStatement()) {
                // The rename deletes cam1 first, then inserts boom, which this trigger refuses.
                s.execute("CREATE TRIGGER refuse_boom BEFORE INSERT ON records WHEN NEW.label = 'boom' "
                        + "BEGIN SELECT RAISE(ABORT, 'storage refused'); END");
            }
            assertThat(beacon.add(CAM, "boom", "")).isEqualTo("12");
            assertThat(beacon.ipcheck(CAM)).isEqualTo("14|198.51.100.1");
            assertThat(beacon.server().registry().snapshot().zone("ddns.test").record("boom")).isNull();
            assertThat(beacon.add(CAM, "other", "")).isEqualTo("10|other.ddns.test");
        }
        try (JdbcStore store = JdbcStore.connect(StoreSettings.of("jdbc:sqlite:" + data.resolve("beacon.db")))) {
            store.open(List.of("ddns.test"));
            assertThat(store.load().records()).extracting(NameRecord::label).containsExactly("other");
            assertThat(store.journal(0, 100)).hasSize(3);
        }
    }

    @Test
    void otherDevicesInTheFailedBatchAreNotLeftWaiting() throws Exception {
        try (TestServer beacon = TestServer.in(dir).storage("{lock-timeout: 200ms}").start()) {
            try (Connection blocker = DriverManager.getConnection(url(beacon)); Statement s = blocker.createStatement()) {
                s.execute("BEGIN EXCLUSIVE");
                for (int i = 0; i < 5; i++) {
                    assertThat(beacon.add("SN-" + i, "dev" + i, "")).isEqualTo("12");
                }
                s.execute("ROLLBACK");
            }
            assertThat(beacon.server().registry().snapshot().zone("ddns.test").size()).isZero();
            assertThat(beacon.add("SN-0", "dev0", "")).isEqualTo("10|dev0.ddns.test");
        }
    }

    private static String url(TestServer beacon) {
        return "jdbc:sqlite:" + beacon.dataDir().resolve("beacon.db");
    }
}
