package dev.beacon.cli;

import dev.beacon.client.ClientSettings;
import dev.beacon.client.ConfigurationError;
import dev.beacon.client.UpdateClient;
import dev.beacon.token.DeviceId;
import dev.beacon.token.DeviceKey;
import dev.beacon.token.TokenKey;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code beacon client}: the reference update client, as a device would run it. */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = {"Run the reference update client, as a device runs it (--once: one update, then exit).",
            "An update at start, then an address check every interval, updating only on change; backs off",
            "on 911/12; stops on 02. Every option may instead be a key of a --config file (server=...,",
            "key-file=..., id=...). Exit status: 0 ok, 1 failed (--once), 2 misconfigured."})
final class ClientCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "A file of key=value lines with the options below.")
    Path config;

    @Option(names = "--server", paramLabel = "URL", description = "Beacon base URL, e.g. https://ddns.example.com")
    String server;

    @Option(names = "--key-file", paramLabel = "FILE", description = "The zone key (base64).")
    Path keyFile;

    @Option(names = "--device-key-file", paramLabel = "FILE", description = "This device's own key, as beacon provision "
            + "prints it (device_id,master_id,generation,device_key): version 2 tokens, instead of --key-file.")
    Path deviceKeyFile;

    @Option(names = "--kid", paramLabel = "N", description = "Key id (default 1).")
    Integer kid;

    @Option(names = "--id", paramLabel = "DEVICE_ID", description = "This device's MAC or serial.")
    String id;

    @Option(names = "--name", paramLabel = "LABEL", description = "The name to register when the server has no record.")
    String name;

    @Option(names = "--state", paramLabel = "FILE", description = "State file (default ./beacon-client.state).")
    Path state;

    @Option(names = "--interval", paramLabel = "SECONDS", description = "Seconds between address checks (default 300).")
    Long interval;

    @Option(names = "--once", description = "Do the start-up update and exit.")
    Boolean once;

    @Option(names = "--ca-file", paramLabel = "PEM", description = "Trust only this CA for HTTPS (default: the system store).")
    Path caFile;

    @Option(names = "--detect-command", paramLabel = "CMD", description = "A command that prints the current address "
            + "(default: ask the server's ipdetect).")
    String detectCommand;

    @Option(names = "--clockless", description = "Take the time for tokens from the server's Date header.")
    Boolean clockless;

    @Option(names = "--user-agent", paramLabel = "TEXT", description = "User-Agent (default: Beacon - Java client - VERSION).")
    String userAgent;

    @Override
    public Integer call() {
        ClientSettings settings;
        try {
            settings = settings();
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("beacon client: " + e.getMessage());
            return 2;
        }
        UpdateClient.Log log = new UpdateClient.Log() {
            @Override
            public void info(String message) {
                System.err.println(Instant.now() + " INFO  " + message);
            }

            @Override
            public void warn(String message) {
                System.err.println(Instant.now() + " WARN  " + message);
            }
        };
        try {
            UpdateClient client = UpdateClient.standard(settings, log);
            if (Boolean.TRUE.equals(once)) {
                return client.boot().ok() ? 0 : 1;
            }
            client.run();
            return 0;
        } catch (ConfigurationError e) {
            System.err.println("beacon client: configuration error: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println("beacon client: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private ClientSettings settings() throws IOException {
        Properties file = new Properties();
        if (config != null) {
            try (Reader r = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
                file.load(r);
            }
            once = once != null ? once : Boolean.parseBoolean(file.getProperty("once", "false"));
        }
        String url = pick(server, file, "server");
        String keyPath = pick(keyFile == null ? null : keyFile.toString(), file, "key-file");
        String deviceKeyPath = pick(deviceKeyFile == null ? null : deviceKeyFile.toString(), file, "device-key-file");
        String device = pick(id, file, "id");
        TokenKey key = null;
        DeviceKey own = null;
        if (deviceKeyPath != null) {
            String[] row = provisioned(Path.of(deviceKeyPath));
            device = device != null ? device : row[0];
            own = new DeviceKey(Integer.parseInt(row[1]), Long.parseLong(row[2]), Base64.getDecoder().decode(row[3]));
        }
        if (url == null || (keyPath == null) == (own == null) || device == null) {
            throw new IllegalArgumentException("--server, --id and one of --key-file or --device-key-file are required"
                    + " (or server=, id=, key-file= or device-key-file= in --config)");
        }
        if (own == null) {
            int keyId = kid != null ? kid : Integer.parseInt(file.getProperty("kid", "1").strip());
            try {
                key = TokenKey.fromBase64(keyId, Files.readString(Path.of(keyPath), StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read key file " + keyPath + ": " + e.getMessage(), e);
            }
        }
        long seconds = interval != null ? interval : Long.parseLong(file.getProperty("interval", "300").strip());
        String ca = pick(caFile == null ? null : caFile.toString(), file, "ca-file");
        String statePath = pick(state == null ? null : state.toString(), file, "state");
        String agent = pick(userAgent, file, "user-agent");
        return new ClientSettings(URI.create(url), key, DeviceId.parse(device), pick(name, file, "name"),
                Path.of(statePath == null ? "beacon-client.state" : statePath), Duration.ofSeconds(seconds),
                ca == null ? null : Path.of(ca), pick(detectCommand, file, "detect-command"),
                clockless != null ? clockless : Boolean.parseBoolean(file.getProperty("clockless", "false")),
                agent != null ? agent : "Beacon - Java client - " + Main.version(), own);
    }

    /** The device's row of a {@code beacon provision} output: its last line that is not the header. */
    private static String[] provisioned(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read device key file " + file + ": " + e.getMessage(), e);
        }
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("device_id,")) {
                String[] row = line.split(",");
                if (row.length != 4) {
                    break;
                }
                return row;
            }
        }
        throw new IllegalArgumentException(file + ": not a beacon provision line (device_id,master_id,generation,device_key)");
    }

    private static String pick(String option, Properties file, String key) {
        if (option != null) {
            return option;
        }
        String v = file.getProperty(key);
        return v == null || v.isBlank() ? null : v.strip();
    }
}
