package dev.beacon.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beacon.record.Change;
import dev.beacon.token.DeviceId;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on an embedded SQLite file, plus SQLite's own failure modes. */
class SqliteStoreIT extends StoreContract {

    @TempDir
    Path dir;
    private String url;

    @Override
    String freshUrl() {
        url = "jdbc:sqlite:" + dir.resolve("beacon.db");
        return url;
    }

    @Override
    String currentUrl() {
        return url;
    }

    @Test
    void commitAfterALockTimeoutIsStillOneTransaction() throws Exception {
        store.close();
        store = JdbcStore.connect(new StoreSettings(dev.beacon.store.DatabaseUrl.parse(url), Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(5), StoreSettings.Role.PRIMARY));
        try (Connection blocker = DriverManager.getConnection(url); Statement s = blocker.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
            // An odd number of attempts: sqlite-jdbc's transaction flag flips on every failure.
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(() -> store.commit(List.of(create("cam1", CAM, "1.2.3.4"))))
                        .isInstanceOf(StoreException.class);
            }
            s.execute("ROLLBACK");
        }
        // Were a pooled connection left believing a transaction is open, its statements would
        // autocommit one by one: a commit could then fail yet leave its writes behind.
        for (int i = 0; i < 6; i++) {
            String label = "after" + i;
            boolean committed;
            try {
                store.commit(List.of(create(label, DeviceId.parse("SN-" + i), "1.2.3.5")));
                committed = true;
            } catch (StoreException e) {
                committed = false;
            }
            assertThat(store.load().records().stream().anyMatch(r -> r.label().equals(label))).isEqualTo(committed);
            assertThat(committed).as("commit %d after the lock was released", i).isTrue();
        }
        assertThat(store.journal(0, 100)).extracting(Change::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }
}
