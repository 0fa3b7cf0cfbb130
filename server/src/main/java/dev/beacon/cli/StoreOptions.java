package dev.beacon.cli;

import dev.beacon.config.BeaconConfig;
import dev.beacon.config.ConfigException;
import dev.beacon.config.ConfigLoader;
import dev.beacon.config.Overrides;
import dev.beacon.zone.Zone;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The options that say where a node's data is, for the commands that work on it offline or beside it. */
final class StoreOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file.")
    Path config;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (storage.data-dir).")
    Path data;

    @Option(names = "--db", paramLabel = "JDBC_URL", description = "Database (storage.db).")
    String db;

    /** The config, the command line's --data and --db over it; without a file, {@code zone} names the embedded zone. */
    BeaconConfig load(String zone) throws ConfigException {
        return ConfigLoader.load(config, new Overrides(null, null, null, null, data, db,
                config == null ? zone : null, null, null, null, false));
    }

    /** As {@link #load}, or null after telling standard error why not ({@code beacon COMMAND: config error: ...}). */
    BeaconConfig loadOrExplain(String command, String zone) {
        try {
            return load(zone);
        } catch (ConfigException e) {
            System.err.println("beacon " + command + ": config error: " + e.getMessage());
            return null;
        }
    }

    /** The configured zone of that name (any case, a trailing dot allowed), or null. */
    static Zone zone(BeaconConfig config, String name) {
        String wanted = name.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        return config.zones().stream().filter(z -> z.name().equals(wanted)).findFirst().orElse(null);
    }
}
