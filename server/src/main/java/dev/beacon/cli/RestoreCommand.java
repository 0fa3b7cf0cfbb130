package dev.beacon.cli;

import dev.beacon.config.BeaconConfig;
import dev.beacon.store.SqliteBackup;
import dev.beacon.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code beacon restore}: puts a backup in place of a node's SQLite database, never under a running server. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Put a file beacon backup wrote in place of the SQLite database. Refused while a server (or"
                + " any beacon process) uses the database; an existing database is replaced only with --replace."})
final class RestoreCommand implements Callable<Integer> {

    @Mixin
    StoreOptions where;

    @Option(names = "--from", required = true, paramLabel = "FILE", description = "The backup.")
    Path from;

    @Option(names = "--replace", description = "Replace an existing database.")
    boolean replace;

    @Override
    public Integer call() {
        BeaconConfig loaded = where.loadOrExplain("restore", null);
        if (loaded == null) {
            return 2;
        }
        try {
            Path file = loaded.store().url().sqlitePath();
            if (file != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            long head = SqliteBackup.restore(from, loaded.store().url(), replace);
            System.out.println("restored " + from + " to " + file + " at journal position " + head);
            return 0;
        } catch (StoreException | java.io.IOException e) {
            System.err.println("beacon restore: " + e.getMessage());
            return 1;
        }
    }
}
