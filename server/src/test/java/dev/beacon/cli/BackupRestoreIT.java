package dev.beacon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.record.Change;
import dev.beacon.record.NameRecord;
import dev.beacon.store.JdbcStore;
import dev.beacon.store.StoreSettings;
import dev.beacon.testing.BeaconCommand;
import dev.beacon.testing.BeaconCommand.Run;
import dev.beacon.testing.Dig;
import dev.beacon.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code beacon backup} while the server applies updates, and {@code beacon restore} into a fresh
 * directory: the copy is the database at one journal position, record for record, and a node
 * started on it serves it. A restore never happens under a running server.
 */
class BackupRestoreIT {

    private static final int DEVICES = 50;

    @TempDir
    Path dir;

    @Test
    void aBackupTakenDuringHundredUpdatesASecondRestoresToTheStateAtItsJournalPosition() throws Exception {
        Path backup = dir.resolve("beacon-backup.db");
        Path fresh = dir.resolve("fresh");
        try (TestServer beacon = TestServer.in(dir).start()) {
            for (int i = 0; i < DEVICES; i++) {
                assertThat(beacon.add("SN-" + i, "cam" + i, "myip=198.51.100." + (i + 1))).startsWith("10|");
            }
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger applied = new AtomicInteger();
            Thread updates = new Thread(() -> {
                int n = 0;
                while (running.get()) {
                    try {
                        String answer = beacon.update("SN-" + n % DEVICES, "myip=203.0.113." + (n % 250 + 1));
                        if (answer.equals("09") || answer.equals("08")) {
                            applied.incrementAndGet();
                        }
                        n++;
                        Thread.sleep(5);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            updates.start();
            Thread.sleep(1000);
            Run taken = beacon("backup", "--config", dir.resolve("beacon.yaml").toString(), "--data",
                    beacon.dataDir().toString(), "--to", backup.toString());
            Thread.sleep(1000);
            running.set(false);
            updates.join();
            assertThat(taken.status()).as(taken.err()).isZero();
            // Two seconds of updates around the backup: at least 100 a second.
            assertThat(applied.get()).as("updates applied around the backup").isGreaterThanOrEqualTo(200);
            long head = number(taken.out(), "at journal position (\\d+)");

            Run restored = beacon("restore", "--config", dir.resolve("beacon.yaml").toString(), "--data",
                    fresh.toString(), "--from", backup.toString());
            assertThat(restored.status()).as(restored.err()).isZero();
            assertThat(restored.out()).contains("at journal position " + head);

            Map<String, NameRecord> expected = stateAt(beacon.dataDir().resolve("beacon.db"), head);
            Map<String, NameRecord> actual = records(fresh.resolve("beacon.db"));
            assertThat(actual.keySet()).isEqualTo(expected.keySet()).hasSize(DEVICES);
            for (Map.Entry<String, NameRecord> e : expected.entrySet()) {
                NameRecord want = e.getValue();
                NameRecord got = actual.get(e.getKey());
                assertThat(got.device()).isEqualTo(want.device());
                assertThat(got.addresses()).as(e.getKey()).isEqualTo(want.addresses());
                assertThat(got.fields()).isEqualTo(want.fields());
                assertThat(got.txt()).isEqualTo(want.txt());
            }
        }
    }

    @Test
    void aNodeStartedOnARestoredDatabaseServesItsNames() throws Exception {
        Path backup = dir.resolve("backup.db");
        try (TestServer beacon = TestServer.in(dir.resolve("a")).start()) {
            beacon.add("SN-1", "cam1", "myip=198.51.100.1");
            assertThat(beacon("backup", "--config", dir.resolve("a/beacon.yaml").toString(), "--data",
                    beacon.dataDir().toString(), "--to", backup.toString()).status()).isZero();
        }
        Path b = dir.resolve("b");
        assertThat(beacon("restore", "--data", b.resolve("data").toString(), "--from", backup.toString()).status())
                .isZero();
        try (TestServer node = TestServer.in(b).start()) {
            assertThat(Dig.ask(node.dnsPort(), "cam1.ddns.test", "A").answer())
                    .containsExactly("cam1.ddns.test. 60 IN A 198.51.100.1");
        }
    }

    @Test
    void aRestoreIsRefusedWhileAServerUsesTheDatabase() throws Exception {
        Path backup = dir.resolve("backup.db");
        try (TestServer beacon = TestServer.in(dir).start()) {
            beacon.add("SN-1", "cam1", "myip=198.51.100.1");
            beacon("backup", "--data", beacon.dataDir().toString(), "--to", backup.toString());
            beacon.update("SN-1", "myip=198.51.100.2");

            Run r = beacon("restore", "--data", beacon.dataDir().toString(), "--from", backup.toString(), "--replace");
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.err()).contains("in use by another Beacon process");
            assertThat(beacon.ipcheck("SN-1")).isEqualTo("14|198.51.100.2");
        }
    }

    @Test
    void aRestoreReplacesAnExistingDatabaseOnlyWhenAskedToAndThenServesTheBackup() throws Exception {
        Path backup = dir.resolve("backup.db");
        try (TestServer beacon = TestServer.in(dir).start()) {
            beacon.add("SN-1", "cam1", "myip=198.51.100.1");
            beacon("backup", "--data", beacon.dataDir().toString(), "--to", backup.toString());
            assertThat(beacon.update("SN-1", "myip=198.51.100.2")).isEqualTo("09");
        }
        Run refused = beacon("restore", "--data", dir.resolve("data").toString(), "--from", backup.toString());
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).contains("exists; --replace puts the backup in its place");
        assertThat(beacon("restore", "--data", dir.resolve("data").toString(), "--from", backup.toString(), "--replace")
                .status()).isZero();
        assertThat(dir.resolve("data/beacon.db-wal")).doesNotExist();
        try (TestServer restored = TestServer.in(dir).start()) {
            assertThat(restored.ipcheck("SN-1")).as("the change made after the backup is gone").isEqualTo("14|198.51.100.1");
        }
    }

    @Test
    void aBackupOfAPostgresqlDatabaseSaysToUsePgDumpAndWhetherItIsReachable() throws Exception {
        String url = dev.beacon.testing.Postgres.freshSchemaUrl();
        try {
            Run r = beacon("backup", "--db", url, "--to", dir.resolve("pg.db").toString());
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.err()).contains("the database is PostgreSQL and reachable: back it up with pg_dump");
            assertThat(dir.resolve("pg.db")).doesNotExist();
        } finally {
            dev.beacon.testing.Postgres.dropSchema(url);
        }
        Run away = beacon("backup", "--db", "jdbc:postgresql://127.0.0.1:1/none?user=postgres", "--to",
                dir.resolve("pg.db").toString());
        assertThat(away.status()).isEqualTo(1);
        assertThat(away.err()).contains("is not reachable now");
    }

    @Test
    void aBackupNeverOverwritesAFileAndAFileThatIsNoBackupIsNotRestored() throws Exception {
        Path existing = dir.resolve("existing.db");
        Files.writeString(existing, "not a database");
        try (TestServer beacon = TestServer.in(dir).start()) {
            Run over = beacon("backup", "--data", beacon.dataDir().toString(), "--to", existing.toString());
            assertThat(over.status()).isEqualTo(1);
            assertThat(over.err()).contains("exists; give a new file name");
        }
        assertThat(Files.readString(existing)).isEqualTo("not a database");
        Run r = beacon("restore", "--data", dir.resolve("other").toString(), "--from", existing.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("is not a Beacon database");
        assertThat(dir.resolve("other/beacon.db")).doesNotExist();
    }

    /** The records the journal of the live database says the zone held at {@code head}. */
    private static Map<String, NameRecord> stateAt(Path db, long head) throws Exception {
        Map<String, NameRecord> state = new HashMap<>();
        try (JdbcStore store = JdbcStore.connect(StoreSettings.of("jdbc:sqlite:" + db))) {
            List<Change> journal = store.journal(0, Integer.MAX_VALUE);
            for (Change c : journal) {
                if (c.seq() > head || c.isMark()) {
                    continue;
                }
                if (c.after() == null) {
                    state.remove(c.label());
                } else {
                    state.put(c.label(), c.after());
                }
            }
        }
        return state;
    }

    private static Map<String, NameRecord> records(Path db) throws Exception {
        Map<String, NameRecord> out = new HashMap<>();
        try (JdbcStore store = JdbcStore.connect(StoreSettings.of("jdbc:sqlite:" + db))) {
            for (NameRecord r : store.load().records()) {
                out.put(r.label(), r);
            }
        }
        return out;
    }

    private static long number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return Long.parseLong(m.group(1));
    }

    private Run beacon(String... args) throws Exception {
        return BeaconCommand.run(dir, args);
    }
}
