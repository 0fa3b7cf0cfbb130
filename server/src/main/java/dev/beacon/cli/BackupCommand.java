package dev.beacon.cli;

import dev.beacon.config.BeaconConfig;
import dev.beacon.store.JdbcStore;
import dev.beacon.store.SqliteBackup;
import dev.beacon.store.StoreException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code beacon backup}: a consistent copy of a node's SQLite database, taken while it serves. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Copy the SQLite database to a new file, consistent at one commit, while the server runs"
                + " (VACUUM INTO). The copy is what beacon restore reads.",
            "A PostgreSQL database is backed up with pg_dump: this command checks it is reachable and says so."})
final class BackupCommand implements Callable<Integer> {

    @Mixin
    StoreOptions where;

    @Option(names = "--to", required = true, paramLabel = "FILE", description = "The new file (never overwritten).")
    Path to;

    /** The device key files the zones read, as " (A, B)", or nothing. */
    private static String keyFiles(BeaconConfig config) {
        java.util.List<String> files = new java.util.ArrayList<>();
        config.keyFiles().values().forEach(f -> files.add(f.toString()));
        return files.isEmpty() ? "" : " (" + String.join(", ", files) + ")";
    }

    @Override
    public Integer call() {
        BeaconConfig loaded = where.loadOrExplain("backup", null);
        if (loaded == null) {
            return 2;
        }
        if (!loaded.store().url().isSqlite()) {
            try (JdbcStore store = JdbcStore.connect(loaded.store())) {
                store.ping();
                System.err.println("beacon backup: the database is PostgreSQL and reachable: back it up with pg_dump"
                        + " (pg_dump -Fc DB > FILE) and restore it with pg_restore; nothing was written");
            } catch (StoreException e) {
                System.err.println("beacon backup: the database is PostgreSQL (back it up with pg_dump), and it is not"
                        + " reachable now: " + e.getMessage());
            }
            return 1;
        }
        try {
            long head = SqliteBackup.backup(loaded.store().url(), to);
            System.out.println("backed up to " + to + " at journal position " + head);
            System.out.println("keys are not in the database: keep a copy of the config and the key files it names"
                    + keyFiles(loaded));
            return 0;
        } catch (StoreException e) {
            System.err.println("beacon backup: " + e.getMessage());
            return 1;
        }
    }
}
