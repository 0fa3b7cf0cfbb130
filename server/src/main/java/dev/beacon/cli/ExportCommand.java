package dev.beacon.cli;

import dev.beacon.bulk.DeviceCsv;
import dev.beacon.config.BeaconConfig;
import dev.beacon.record.NameRecord;
import dev.beacon.registry.RegistrySnapshot;
import dev.beacon.registry.ZoneState;
import dev.beacon.store.JdbcStore;
import dev.beacon.store.StoreException;
import dev.beacon.transfer.ZoneFile;
import dev.beacon.zone.Zone;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code beacon export}: a zone's devices as the CSV {@code beacon import} reads, or as a master file. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a zone to standard output: its devices as CSV in exactly the form beacon import reads"
                + " (device_id,name,ipv4,ipv6,fields,txt,ipv6_iid,ttl,records), or with --format zone as a master file for named-checkzone,"
                + " kzonecheck or another DNS server.",
            "Reads the database beside a running server (SQLite or PostgreSQL)."})
final class ExportCommand implements Callable<Integer> {

    /** What to write. */
    enum Format { csv, zone }

    @Mixin
    StoreOptions where;

    @Option(names = "--zone", required = true, paramLabel = "NAME", description = "The zone to export.")
    String zone;

    @Option(names = "--format", paramLabel = "FORMAT", description = "csv (the default) or zone.")
    Format format = Format.csv;

    @Override
    public Integer call() {
        // Without a file, --zone names the embedded zone; with one, it picks a configured zone.
        BeaconConfig loaded = where.loadOrExplain("export", zone);
        if (loaded == null) {
            return 2;
        }
        Zone target = StoreOptions.zone(loaded, zone);
        if (target == null) {
            System.err.println("beacon export: --zone: " + zone + " is not a configured zone");
            return 2;
        }
        Path file = loaded.store().url().sqlitePath();
        if (file != null && !Files.isRegularFile(file)) {
            System.err.println("beacon export: no database at " + file + " (storage.data-dir, --data)");
            return 1;
        }
        ZoneState state;
        try (JdbcStore store = JdbcStore.connect(loaded.store())) {
            state = RegistrySnapshot.load(loaded.zones(), store.load()).zone(target.name());
        } catch (StoreException e) {
            System.err.println("beacon export: " + e.getMessage());
            return 1;
        }
        try {
            Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
            if (format == Format.zone) {
                ZoneFile.write(state, out);
            } else {
                out.append(DeviceCsv.header()).append('\n');
                List<NameRecord> records = new ArrayList<>();
                state.records().forEachRemaining(records::add);
                records.sort(Comparator.comparing(NameRecord::label));
                for (NameRecord r : records) {
                    out.append(DeviceCsv.line(r)).append('\n');
                }
            }
            out.flush();
        } catch (IOException e) {
            System.err.println("beacon export: cannot write: " + e.getMessage());
            return 1;
        }
        return 0;
    }
}
