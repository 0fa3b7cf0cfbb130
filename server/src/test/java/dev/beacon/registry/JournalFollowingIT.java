package dev.beacon.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.record.Addresses;
import dev.beacon.record.Change;
import dev.beacon.record.NameRecord;
import dev.beacon.store.JdbcStore;
import dev.beacon.store.StoreSettings;
import dev.beacon.store.StoredState;
import dev.beacon.testing.Postgres;
import dev.beacon.token.DeviceId;
import dev.beacon.zone.Zone;
import dev.beacon.zone.ZonePolicy;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node follows what other writers commit to a shared PostgreSQL, from the journal; and when the
 * entries it needs were pruned, it reloads the whole state rather than serve holes.
 */
class JournalFollowingIT {

    private static final Zone ZONE = Zone.of("ddns.test", ZonePolicy.defaults(), Map.of(), List.of());

    private String url;
    private JdbcStore writer;
    private JdbcStore follower;
    private Registry node;

    @BeforeEach
    void open() throws Exception {
        url = Postgres.freshSchemaUrl();
        writer = JdbcStore.connect(StoreSettings.of(url));
        writer.open(List.of(ZONE.name()));
        follower = JdbcStore.connect(StoreSettings.of(url));
        follower.open(List.of(ZONE.name()));
        StoredState stored = follower.load();
        node = new Registry(RegistrySnapshot.load(List.of(ZONE), stored),
                follower, Clock.systemUTC(), RegistrySettings.defaults());
    }

    @AfterEach
    void close() {
        node.close();
        follower.close();
        writer.close();
        Postgres.dropSchema(url);
    }

    @Test
    void anotherWritersCommitsReachTheNodeInJournalOrder() throws Exception {
        writer.commit(List.of(create("cam1", "SN-1", "198.51.100.1")));
        writer.commit(List.of(create("cam2", "SN-2", "198.51.100.2")));
        node.catchUp();
        awaitLabels("cam1", "cam2");
        assertThat(node.snapshot().position()).isEqualTo(2);
        assertThat(node.snapshot().zone("ddns.test").lastSeq()).isEqualTo(2);
    }

    @Test
    void aNodeBehindAPrunedJournalReloadsTheWholeState() throws Exception {
        writer.commit(List.of(create("cam1", "SN-1", "198.51.100.1")));
        writer.commit(List.of(create("cam2", "SN-2", "198.51.100.2")));
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DELETE FROM journal");
        }
        node.catchUp();
        awaitLabels("cam1", "cam2");
        assertThat(node.snapshot().position()).isEqualTo(2);
    }

    private void awaitLabels(String... labels) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            ZoneState state = node.snapshot().zone("ddns.test");
            if (java.util.Arrays.stream(labels).allMatch(l -> state.record(l) != null)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the node never saw " + List.of(labels));
    }

    private static Change create(String label, String device, String address) throws Exception {
        NameRecord r = new NameRecord("ddns.test", label, DeviceId.parse(device), Addresses.of(InetAddress.getByName(address)),
                Map.of(), List.of(), "ua", "198.51.100.200", 1000, 1000, 0);
        return Change.pending("ddns.test", label, null, r, 1000);
    }
}
