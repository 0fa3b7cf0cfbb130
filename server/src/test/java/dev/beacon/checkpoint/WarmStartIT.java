package dev.beacon.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.ip.IpLiteral;
import dev.beacon.record.Addresses;
import dev.beacon.record.NameRecord;
import dev.beacon.record.RequestMeta;
import dev.beacon.registry.Command;
import dev.beacon.registry.Registry;
import dev.beacon.registry.RegistrySettings;
import dev.beacon.registry.RegistrySnapshot;
import dev.beacon.registry.ZoneState;
import dev.beacon.store.JdbcStore;
import dev.beacon.store.Store;
import dev.beacon.store.StoreSettings;
import dev.beacon.testing.MutableClock;
import dev.beacon.token.DeviceId;
import dev.beacon.zone.Zone;
import dev.beacon.zone.ZonePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start from the checkpoint is the state a start from every stored record gives, or it is not
 * made: on real SQLite files, with the registry's own commits making the journal.
 */
class WarmStartIT {

    private static final Zone ZONE = Zone.of("ddns.test", ZonePolicy.defaults(), Map.of(), List.of());
    private static final Zone OTHER = Zone.of("other.test", ZonePolicy.defaults(), Map.of(), List.of());
    private static final List<Zone> ZONES = List.of(ZONE, OTHER);
    private static final int DEVICES = 20;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(1_800_000_000_000L);

    @Test
    void aStartFromTheCheckpointAndTheJournalSinceIsTheStateOfEveryStoredRecord() throws Exception {
        for (int seed = 0; seed < 6; seed++) {
            Random random = new Random(seed);
            Path db = dir.resolve("seed" + seed + ".db");
            CheckpointFile file = new CheckpointFile(dir.resolve("seed" + seed + ".checkpoint"));
            try (Store store = open(db)) {
                long head = changeCheckpointChange(store, file, random, 150, 150);

                WarmStart.Start warm = WarmStart.load(ZONES, store, file);
                assertThat(warm.fromCheckpoint()).as("seed %d: %s", seed, warm.how()).isTrue();
                assertThat(warm.replayed()).isEqualTo(head - file.read().position()).isPositive();
                assertSameState(warm.snapshot(), RegistrySnapshot.load(ZONES, store.load()));
            }
        }
    }

    @Test
    void aCleanStopLeavesACheckpointWithNothingToReplay() throws Exception {
        CheckpointFile file = new CheckpointFile(dir.resolve("registry.checkpoint"));
        try (Store store = open(dir.resolve("beacon.db"))) {
            Registry registry = registry(store, file);
            change(registry, new Random(1), 50);
            Checkpointer checkpointer = new Checkpointer(file, store, registry::snapshot, -1);
            registry.close();
            checkpointer.close();

            WarmStart.Start warm = WarmStart.load(ZONES, store, file);
            assertThat(warm.replayed()).as(warm.how()).isZero();
            assertSameState(warm.snapshot(), RegistrySnapshot.load(ZONES, store.load()));
        }
    }

    @Test
    void theCheckpointOfAnotherDatabaseIsNotUsed() throws Exception {
        CheckpointFile file = new CheckpointFile(dir.resolve("registry.checkpoint"));
        try (Store first = open(dir.resolve("first.db"))) {
            changeCheckpointChange(first, file, new Random(1), 60, 0);
        }
        try (Store second = open(dir.resolve("second.db"))) {
            Registry registry = registry(second, null);
            change(registry, new Random(2), 80);
            registry.close();

            WarmStart.Start start = WarmStart.load(ZONES, second, file);
            assertThat(start.fromCheckpoint()).as(start.how()).isFalse();
            assertThat(start.how()).contains("a restored or another database");
            assertSameState(start.snapshot(), RegistrySnapshot.load(ZONES, second.load()));
        }
    }

    @Test
    void aDatabaseRestoredToBeforeTheCheckpointIsReadInFull() throws Exception {
        Path db = dir.resolve("beacon.db");
        CheckpointFile file = checkpointThenRestoreAnEarlierBackup(db);
        try (Store store = open(db)) {
            WarmStart.Start start = WarmStart.load(ZONES, store, file);
            assertThat(start.fromCheckpoint()).as(start.how()).isFalse();
            assertThat(start.how()).contains("has no entry");
            assertSameState(start.snapshot(), RegistrySnapshot.load(ZONES, store.load()));
        }
    }

    @Test
    void aDatabaseRestoredAndChangedPastTheCheckpointIsReadInFull() throws Exception {
        Path db = dir.resolve("beacon.db");
        CheckpointFile file = checkpointThenRestoreAnEarlierBackup(db);
        try (Store store = open(db)) {
            // Other changes than those the checkpoint holds, taking the journal past its position.
            Registry registry = registry(store, null);
            change(registry, new Random(5), 80);
            registry.close();
            assertThat(registry.snapshot().position()).isGreaterThan(file.read().position());

            WarmStart.Start start = WarmStart.load(ZONES, store, file);
            assertThat(start.fromCheckpoint()).as(start.how()).isFalse();
            assertThat(start.how()).contains("is not the one it was taken at");
            assertSameState(start.snapshot(), RegistrySnapshot.load(ZONES, store.load()));
        }
    }

    @Test
    void aJournalPrunedSinceTheCheckpointMeansReadingEveryRecord() throws Exception {
        CheckpointFile file = new CheckpointFile(dir.resolve("registry.checkpoint"));
        try (Store store = open(dir.resolve("beacon.db"))) {
            changeCheckpointChange(store, file, new Random(1), 40, 40);
            store.pruneJournal(Long.MAX_VALUE);

            WarmStart.Start start = WarmStart.load(ZONES, store, file);
            assertThat(start.fromCheckpoint()).isFalse();
            assertThat(start.how()).contains("was pruned");
            assertSameState(start.snapshot(), RegistrySnapshot.load(ZONES, store.load()));
        }
    }

    @Test
    void moreEntriesSinceTheCheckpointThanItReplaysMeansReadingEveryRecord() throws Exception {
        CheckpointFile file = new CheckpointFile(dir.resolve("registry.checkpoint"));
        try (Store store = open(dir.resolve("beacon.db"))) {
            changeCheckpointChange(store, file, new Random(1), 20, 40);

            WarmStart.Start start = WarmStart.load(ZONES, store, file, 5);
            assertThat(start.fromCheckpoint()).isFalse();
            assertThat(start.how()).contains("more than 5 to replay");
            assertSameState(start.snapshot(), RegistrySnapshot.load(ZONES, store.load()));
        }
    }

    @Test
    void aCheckpointMissingAConfiguredZoneIsNotUsed() throws Exception {
        CheckpointFile file = new CheckpointFile(dir.resolve("registry.checkpoint"));
        try (Store store = open(dir.resolve("beacon.db"))) {
            Registry registry = new Registry(WarmStart.load(List.of(ZONE), store, file).snapshot(), store, clock,
                    RegistrySettings.defaults());
            change(registry, new Random(1), 30);
            registry.close();
            new Checkpointer(file, store, registry::snapshot, -1).close();

            WarmStart.Start start = WarmStart.load(ZONES, store, file);
            assertThat(start.fromCheckpoint()).isFalse();
            assertThat(start.how()).contains("does not hold zone other.test");
        }
    }

    @Test
    void aDamagedCheckpointMeansReadingEveryRecord() throws Exception {
        CheckpointFile file = new CheckpointFile(dir.resolve("registry.checkpoint"));
        try (Store store = open(dir.resolve("beacon.db"))) {
            changeCheckpointChange(store, file, new Random(1), 30, 0);
            byte[] bytes = Files.readAllBytes(file.path());
            bytes[bytes.length / 2] ^= 0x10;
            Files.write(file.path(), bytes);

            WarmStart.Start start = WarmStart.load(ZONES, store, file);
            assertThat(start.fromCheckpoint()).isFalse();
            assertThat(start.how()).contains("damaged");
            assertSameState(start.snapshot(), RegistrySnapshot.load(ZONES, store.load()));
        }
    }

    @Test
    void theCheckpointerWritesOnlyWhenTheStateMoved() throws Exception {
        CheckpointFile file = new CheckpointFile(dir.resolve("registry.checkpoint"));
        try (Store store = open(dir.resolve("beacon.db"))) {
            Registry registry = registry(store, file);
            Checkpointer checkpointer = new Checkpointer(file, store, registry::snapshot, -1);
            checkpointer.checkpoint();
            assertThat(file.path()).doesNotExist();

            change(registry, new Random(1), 10);
            checkpointer.checkpoint();
            long at = file.read().position();
            assertThat(at).isEqualTo(registry.snapshot().position());
            Files.delete(file.path());
            checkpointer.checkpoint();
            assertThat(file.path()).as("nothing changed since the last write").doesNotExist();

            change(registry, new Random(2), 10);
            checkpointer.checkpoint();
            assertThat(file.read().position()).isGreaterThan(at);
            registry.close();
        }
    }

    /**
     * {@code before} random commands, a checkpoint, {@code after} more, on a registry started as
     * the server starts it; returns the journal head they leave.
     */
    private long changeCheckpointChange(Store store, CheckpointFile file, Random random, int before, int after)
            throws Exception {
        Registry registry = registry(store, file);
        change(registry, random, before);
        new Checkpointer(file, store, registry::snapshot, -1).checkpoint();
        change(registry, random, after);
        registry.close();
        return registry.snapshot().position();
    }

    /**
     * Changes, a backup, more changes and a checkpoint after them, then the backup put back as an
     * operator restoring one does; returns the checkpoint, which is of a state the database no
     * longer holds.
     */
    private CheckpointFile checkpointThenRestoreAnEarlierBackup(Path db) throws Exception {
        Path backup = dir.resolve("backup.db");
        CheckpointFile file = new CheckpointFile(dir.resolve("registry.checkpoint"));
        try (Store store = open(db)) {
            Registry registry = registry(store, file);
            change(registry, new Random(3), 40);
            registry.close();
        }
        Files.copy(db, backup);
        try (Store store = open(db)) {
            changeCheckpointChange(store, file, new Random(4), 20, 0);
        }
        Files.deleteIfExists(Path.of(db + "-wal"));
        Files.deleteIfExists(Path.of(db + "-shm"));
        Files.copy(backup, db, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    private Store open(Path db) throws Exception {
        JdbcStore store = JdbcStore.connect(StoreSettings.of("jdbc:sqlite:" + db));
        store.open(List.of(ZONE.name(), OTHER.name()));
        return store;
    }

    /** A registry on the store, started as the server starts it (from {@code file} when given). */
    private Registry registry(Store store, CheckpointFile file) throws Exception {
        RegistrySnapshot initial = file == null ? RegistrySnapshot.load(ZONES, store.load())
                : WarmStart.load(ZONES, store, file).snapshot();
        return new Registry(initial, store, clock, RegistrySettings.defaults());
    }

    /**
     * Random commands of every kind the journal records: adds, renames, address changes in
     * both families, removals, releases, blocks and unblocks, revocations, static secrets.
     */
    private void change(Registry registry, Random random, int count) {
        for (int i = 0; i < count; i++) {
            // A millisecond apart, so no two names are created in the same millisecond.
            clock.set(clock.millis() + 1);
            Zone zone = random.nextInt(4) == 0 ? OTHER : ZONE;
            DeviceId device = DeviceId.parse("SN-" + random.nextInt(DEVICES));
            RequestMeta meta = new RequestMeta("Acme - Cam - 1." + random.nextInt(3), "192.0.2." + random.nextInt(9),
                    clock.millis());
            Addresses address = random.nextBoolean()
                    ? Addresses.of(IpLiteral.parse("198.51.100." + random.nextInt(250)))
                    : Addresses.of(IpLiteral.parse("2001:db8::" + Integer.toHexString(random.nextInt(9999))));
            Command command = switch (random.nextInt(12)) {
                case 0, 1, 2, 3 -> new Command.Add(zone, device, "n" + random.nextInt(40), address, Map.of(), meta);
                case 4, 5, 6 -> new Command.Update(zone, device, address, Map.of(), meta);
                case 7 -> new Command.Remove(zone, device, meta);
                case 8 -> new Command.Release(zone, "n" + random.nextInt(40), "admin test", meta);
                case 9 -> new Command.Mark(zone, device, random.nextBoolean(), "admin test", meta);
                case 10 -> new Command.Revoke(zone, device, "admin test", meta);
                default -> new Command.Secret(zone, device, random.nextBoolean() ? null
                        : String.format("%064x", random.nextLong() & Long.MAX_VALUE), "admin test", meta);
            };
            registry.apply(command).join();
        }
    }

    /** Two snapshots hold the same state: every zone's records, device index, marks, agents and serial. */
    private static void assertSameState(RegistrySnapshot actual, RegistrySnapshot expected) {
        assertThat(actual.position()).isEqualTo(expected.position());
        for (Zone zone : ZONES) {
            ZoneState a = actual.zone(zone.name());
            ZoneState e = expected.zone(zone.name());
            assertThat(a.size()).as(zone.name()).isEqualTo(e.size());
            assertThat(a.lastSeq()).as(zone.name()).isEqualTo(e.lastSeq());
            assertThat(records(a)).as(zone.name()).isEqualTo(records(e));
            assertThat(agents(a)).as(zone.name()).isEqualTo(agents(e));
            for (int d = 0; d < DEVICES; d++) {
                DeviceId device = DeviceId.parse("SN-" + d);
                assertThat(a.labelsOf(device)).as("%s %s", zone.name(), device).isEqualTo(e.labelsOf(device));
                assertThat(a.blockedSince(device)).as("%s %s", zone.name(), device).isEqualTo(e.blockedSince(device));
                assertThat(a.generationFloor(device)).isEqualTo(e.generationFloor(device));
                assertThat(a.hasSecret(device)).isEqualTo(e.hasSecret(device));
            }
        }
    }

    private static Map<String, NameRecord> records(ZoneState state) {
        Map<String, NameRecord> out = new HashMap<>();
        state.forEach(r -> out.put(r.label(), r));
        return out;
    }

    private static Map<String, Long> agents(ZoneState state) {
        Map<String, Long> out = new HashMap<>();
        state.forEachAgent(out::put);
        return out;
    }
}
