package dev.beacon.cli;

import dev.beacon.config.BeaconConfig;
import dev.beacon.config.ConfigException;
import dev.beacon.config.ConfigLoader;
import dev.beacon.config.Overrides;
import dev.beacon.token.DeviceId;
import dev.beacon.token.TokenKey;
import dev.beacon.token.TokenV2;
import dev.beacon.zone.Zone;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code beacon provision}: the version 2 device keys a factory writes into devices, derived from
 * the zone's newest master key. Prints CSV: {@code device_id,master_id,generation,device_key}.
 */
@Command(name = "provision", mixinStandardHelpOptions = true,
        description = "Print version 2 device keys (derived from the zone's master key) as CSV: "
                + "device_id,master_id,generation,device_key.")
final class ProvisionCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "The server's YAML config file (its zones' masters).")
    Path config;

    @Option(names = "--zone", paramLabel = "ZONE", description = "The zone (default: the first).")
    String zone;

    @Option(names = "--generation", defaultValue = "0", paramLabel = "N",
            description = "Key generation, 0..4294967295 (default 0; a revoked device gets the next).")
    long generation;

    @ArgGroup(multiplicity = "1")
    Devices devices;

    static final class Devices {
        @Option(names = "--id", paramLabel = "ID", description = "One device id: a MAC in any spelling, or a serial.")
        String id;

        @Option(names = "--csv", paramLabel = "FILE", description = "A factory batch: one device id a line.")
        Path csv;
    }

    @Override
    public Integer call() {
        BeaconConfig loaded;
        try {
            loaded = ConfigLoader.load(config, new Overrides(null, null, null, null, null, null, null, null, null, null,
                    false));
        } catch (ConfigException e) {
            System.err.println("beacon provision: config error: " + e.getMessage());
            return 2;
        }
        Zone chosen = null;
        for (Zone z : loaded.zones()) {
            if (zone == null || z.name().equalsIgnoreCase(zone.replaceAll("\\.$", ""))) {
                chosen = z;
                break;
            }
        }
        if (chosen == null) {
            System.err.println("beacon provision: --zone: " + zone + " is not a zone of the config");
            return 2;
        }
        if (chosen.masters().isEmpty()) {
            System.err.println("beacon provision: zone " + chosen.name() + " has no masters: (give it one made by beacon keygen)");
            return 2;
        }
        if (generation < 0 || generation > 0xFFFFFFFFL) {
            System.err.println("beacon provision: --generation: 0..4294967295");
            return 2;
        }
        List<String> ids;
        try {
            ids = devices.id != null ? List.of(devices.id) : Files.readAllLines(devices.csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("beacon provision: cannot read " + devices.csv + ": " + e.getMessage());
            return 1;
        }
        TokenKey master = chosen.masters().get(chosen.masters().size() - 1);
        List<String> rows = new ArrayList<>();
        rows.add("device_id,master_id,generation,device_key");
        int line = 0;
        for (String raw : ids) {
            line++;
            if (raw.isBlank()) {
                continue;
            }
            DeviceId device = DeviceId.parseOrNull(raw.strip());
            if (device == null || device.value().contains(",")) {
                System.err.println("beacon provision: " + (devices.csv == null ? "--id" : devices.csv + " line " + line)
                        + ": not a device id (1 to 64 bytes, no control characters or commas)");
                return 2;
            }
            byte[] key = TokenV2.deviceKey(master, device, generation);
            rows.add(device.value() + "," + master.id() + "," + generation + "," + Base64.getEncoder().encodeToString(key));
        }
        rows.forEach(System.out::println);
        return 0;
    }
}
