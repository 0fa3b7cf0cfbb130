package dev.beacon.cli;

import dev.beacon.config.BeaconConfig;
import dev.beacon.config.ConfigException;
import dev.beacon.config.ConfigLoader;
import dev.beacon.config.Overrides;
import dev.beacon.logging.LogSetup;
import dev.beacon.server.BeaconServer;
import dev.beacon.server.LeakSampling;
import dev.beacon.server.StartupException;
import dev.beacon.server.SystemdNotify;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code beacon serve}: runs the server until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the Beacon server.",
            "With no options: SQLite under ./data, zone ddns.test, HTTP 127.0.0.1:8080, DNS 127.0.0.1:5300,",
            "a zone key generated into ./data/device.key, development mode on.",
            "Every option overrides its key in the config file (docs/CONFIG.md)."})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file.")
    Path config;

    @Option(names = "--http", paramLabel = "HOST:PORT", description = "HTTP listener (listen.http); 'off' for none.")
    String http;

    @Option(names = "--https", paramLabel = "HOST:PORT", description = "HTTPS listener (listen.https); needs --tls-cert and --tls-key.")
    String https;

    @Option(names = "--dns", paramLabel = "HOST:PORT", description = "DNS listener, UDP and TCP (listen.dns).")
    String dns;

    @Option(names = "--admin", paramLabel = "HOST:PORT", description = "Admin listener: health, readiness, metrics (listen.admin); 'off' for none.")
    String admin;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (storage.data-dir).")
    Path data;

    @Option(names = "--zone", paramLabel = "NAME", description = "Zone name (zones[0].name).")
    String zone;

    @Option(names = "--key-file", paramLabel = "FILE", description = "Zone key file, key id 1 (zones[0].keys).")
    Path keyFile;

    @Option(names = "--db", paramLabel = "JDBC_URL", description = "Database (storage.db): jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DB?user=U.")
    String db;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "TLS certificate chain (tls.cert).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "TLS private key, PKCS#8 (tls.key).")
    Path tlsKey;

    @Option(names = "--dev", negatable = true, description = "Development mode (dev): /cipher.aspx mints tokens. "
            + "On by default without --config, off with one.")
    Boolean dev;

    @Option(names = "--read-only", description = "A DNS-only node (storage.role: replica): follows the journal of a"
            + " PostgreSQL database, typically a streaming replica, and answers changes with 12.")
    boolean readOnly;

    @Option(names = "--allow-static-tokens", description = "Accept static tokens (issued_at 0) in the zones (policy.allow-static-tokens).")
    boolean allowStaticTokens;

    @Override
    public Integer call() {
        LeakSampling.offUnlessAsked();
        BeaconConfig loaded;
        Overrides overrides = new Overrides(dev, http, https, dns, data, db, zone, keyFile, tlsCert, tlsKey,
                allowStaticTokens, readOnly, admin);
        try {
            loaded = ConfigLoader.load(config, overrides);
        } catch (ConfigException e) {
            System.err.println("beacon: config error: " + e.getMessage());
            return 2;
        }
        LogSetup.apply(loaded.logging().level(), loaded.logging().json());
        BeaconServer server;
        try {
            // A reload reads the same file with the same command line over it.
            server = BeaconServer.start(loaded, Clock.systemUTC(),
                    config == null ? null : () -> ConfigLoader.load(config, overrides));
        } catch (StartupException e) {
            System.err.println("beacon: cannot start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            SystemdNotify.stopping();
            server.close();
            stopped.countDown();
            System.out.flush();
            System.err.flush();
            // SIGTERM and SIGINT are how an operator or systemd asks for a clean stop, and this
            // was one: say so with status 0 rather than the JVM's 128+signal (Runtime.halt's status
            // overrides the one the shutdown began with).
            Runtime.getRuntime().halt(0);
        }, "beacon-shutdown"));
        // Before the banner: whoever waits for it may signal at once.
        HangUp.onSignal(server::reload);
        System.out.println(Banner.text(server, Main.version()));
        System.out.flush();
        SystemdNotify.ready("serving " + server.registry().snapshot().size() + " names");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
