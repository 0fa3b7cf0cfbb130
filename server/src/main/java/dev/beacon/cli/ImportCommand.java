package dev.beacon.cli;

import dev.beacon.bulk.CsvImport;
import dev.beacon.config.BeaconConfig;
import dev.beacon.checkpoint.CheckpointFile;
import dev.beacon.checkpoint.Checkpointer;
import dev.beacon.registry.BulkLoad;
import dev.beacon.registry.RegistrySnapshot;
import dev.beacon.server.BeaconServer;
import dev.beacon.server.NewKeyFiles;
import dev.beacon.server.StartupException;
import dev.beacon.store.JdbcStore;
import dev.beacon.store.StoreException;
import dev.beacon.zone.Zone;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code beacon import}: loads devices from CSV into a zone. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Load devices from CSV into a zone: header line device_id,name,ipv4,ipv6,fields,txt,ipv6_iid,ttl,records, as beacon"
                + " export writes it (files with the first six or four columns only are read too; either address may be"
                + " empty).",
            "Bad rows are reported by line number; the good ones are imported. Exit status 1 when any row was refused.",
            "A running server holds its database: stop it, import, start it again."})
final class ImportCommand implements Callable<Integer> {

    @Mixin
    StoreOptions where;

    @Option(names = "--zone", required = true, paramLabel = "NAME", description = "The zone to import into.")
    String zone;

    @Parameters(paramLabel = "FILE.csv", description = "The CSV file.")
    Path csv;

    @Override
    public Integer call() {
        // Without a file, --zone names the embedded zone; with one, it picks a configured zone.
        BeaconConfig loaded = where.loadOrExplain("import", zone);
        if (loaded == null) {
            return 2;
        }
        Zone target = StoreOptions.zone(loaded, zone);
        if (target == null) {
            System.err.println("beacon import: --zone: " + zone + " is not a configured zone");
            return 2;
        }
        try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            Path file = loaded.store().url().sqlitePath();
            if (file != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            try (JdbcStore store = JdbcStore.connect(loaded.store())) {
                store.open(loaded.zones().stream().map(Zone::name).toList());
                RegistrySnapshot stored = RegistrySnapshot.load(loaded.zones(), store.load());
                NewKeyFiles.write(loaded.newKeyFiles(), stored);
                BulkLoad registry = BulkLoad.over(store, stored);
                long start = System.nanoTime();
                CsvImport.Report report = new CsvImport(registry, target, Clock.systemUTC(), System.err).run(reader);
                double seconds = (System.nanoTime() - start) / 1e9;
                // The next start restores this state from the file instead of reading every record.
                new Checkpointer(new CheckpointFile(loaded.dataDir().resolve(BeaconServer.CHECKPOINT_FILE)), store,
                        registry::snapshot, -1).checkpoint();
                report.refused().forEach(System.out::println);
                System.out.printf(Locale.ROOT, "%d rows in %.1f s: %d created, %d updated, %d unchanged, %d refused%n",
                        report.rows(), seconds, report.created(), report.updated(), report.unchanged(),
                        report.refused().size());
                return report.refused().isEmpty() ? 0 : 1;
            }
        } catch (IOException e) {
            System.err.println("beacon import: " + csv + ": " + e.getMessage());
            return 2;
        } catch (StoreException e) {
            System.err.println("beacon import: storage failed: " + e.getMessage());
            return 1;
        } catch (StartupException e) {
            System.err.println("beacon import: " + e.getMessage());
            return 1;
        }
    }
}
