package dev.beacon.server;

import dev.beacon.api.DeviceApi;
import dev.beacon.auth.KeyRing;
import dev.beacon.auth.ReplayCache;
import dev.beacon.auth.TokenVerifier;
import dev.beacon.compat.Dialect;
import dev.beacon.compat.DuckDnsDialect;
import dev.beacon.compat.Dyndns2Dialect;
import dev.beacon.compat.NativeDialect;
import dev.beacon.compat.RewriteDialect;
import dev.beacon.config.BeaconConfig;
import dev.beacon.config.HostPort;
import dev.beacon.dns.DnsServer;
import dev.beacon.fleet.FleetStats;
import dev.beacon.flood.FloodGuard;
import dev.beacon.http.HttpServer;
import dev.beacon.http.TrustedProxies;
import dev.beacon.io.Transport;
import dev.beacon.registry.Registry;
import dev.beacon.registry.RegistrySnapshot;
import dev.beacon.store.JdbcStore;
import dev.beacon.store.Store;
import dev.beacon.store.StoreException;
import dev.beacon.store.StoredState;
import dev.beacon.token.TokenCodec;
import dev.beacon.zone.Zone;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Beacon: every component made and wired by hand, here and nowhere else, in the order
 * data flows (store, registry, token checks, flood guard, device API, listeners). {@link #close()}
 * takes it down in reverse, finishing queued commits first.
 */
public final class BeaconServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BeaconServer.class);

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final BeaconConfig config;
    private final TokenCodec codec;
    private Store store;
    private Registry registry;
    private FleetStats fleet;
    private InetSocketAddress httpAddress;
    private InetSocketAddress httpsAddress;
    private InetSocketAddress dnsAddress;
    private String transportName;

    private BeaconServer(BeaconConfig config, TokenCodec codec) {
        this.config = config;
        this.codec = codec;
    }

    /** Starts everything the config describes; on failure, stops what had started. */
    public static BeaconServer start(BeaconConfig config, Clock clock) throws StartupException {
        BeaconServer server = new BeaconServer(config, new TokenCodec(new SecureRandom()));
        try {
            server.startAll(clock);
            return server;
        } catch (StartupException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void startAll(Clock clock) throws StartupException {
        List<Zone> zones = config.zones();
        store = openStore(zones);
        toClose.add(store);
        StoredState stored;
        try {
            stored = store.load();
        } catch (StoreException e) {
            throw new StartupException(e.getMessage(), e);
        }
        NewKeyFiles.write(config.newKeyFiles(), stored);
        registry = new Registry(RegistrySnapshot.load(zones, stored.records(), stored.lastSeqs()), store, clock,
                config.registry());
        toClose.add(0, registry);
        log.info("loaded {} records from {}", stored.records().size(), store.describe());

        TokenVerifier verifier = new TokenVerifier(codec, new KeyRing(zones),
                new ReplayCache(clock, config.maxSkewSeconds(), config.replayCacheMax()), clock, config.maxSkewSeconds());
        FloodGuard flood = new FloodGuard(config.flood(), System::nanoTime);
        fleet = new FleetStats(10_000);
        DeviceApi api = new DeviceApi(verifier, flood, registry, fleet, codec, zones, clock, config.dev());
        // Configured rules first, so an operator can claim any path; then the built-in dialects.
        List<Dialect> dialects = new ArrayList<>();
        if (!config.rewrites().isEmpty()) {
            dialects.add(new RewriteDialect(api, config.rewrites()));
        }
        dialects.add(new NativeDialect(api));
        dialects.add(new Dyndns2Dialect(api));
        dialects.add(new DuckDnsDialect(api));

        ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "beacon-maintenance");
            t.setDaemon(true);
            return t;
        });
        toClose.add(0, maintenance::shutdownNow);
        maintenance.scheduleWithFixedDelay(flood::sweep, 60, 60, TimeUnit.SECONDS);

        Transport transport = Transport.best();
        transportName = transport.name();
        int loops = Runtime.getRuntime().availableProcessors();
        EventLoopGroup group = transport.newGroup(loops);
        // Bounded: a shutdown that cannot finish must not keep the process alive forever.
        toClose.add(0, () -> group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS));
        TrustedProxies proxies = new TrustedProxies(config.trustedProxies());
        if (config.http() != null) {
            HttpServer http = new HttpServer(transport, group, dialects, proxies, config.httpSettings(), null, clock);
            httpAddress = bind(http, config.http(), "listen.http");
        }
        if (config.https() != null) {
            HttpServer https = new HttpServer(transport, group, dialects, proxies, config.httpSettings(), tls(), clock);
            httpsAddress = bind(https, config.https(), "listen.https");
        }
        if (config.dns() != null) {
            DnsServer dns = new DnsServer(transport, group, loops, registry::snapshot, zones, config.dnsSettings());
            toClose.add(0, dns);
            try {
                dnsAddress = dns.start(config.dns().socketAddress());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException("interrupted while binding " + config.dns(), e);
            } catch (Exception e) {
                throw new StartupException("listen.dns: cannot listen on " + config.dns() + ": " + e.getMessage(), e);
            }
        }
    }

    private Store openStore(List<Zone> zones) throws StartupException {
        try {
            Path file = config.store().url().sqlitePath();
            if (file != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            JdbcStore opened = JdbcStore.connect(config.store());
            try {
                opened.open(zones.stream().map(Zone::name).toList());
            } catch (StoreException e) {
                opened.close();
                throw e;
            }
            return opened;
        } catch (StoreException e) {
            throw new StartupException(e.getMessage(), e);
        } catch (IOException e) {
            throw new StartupException("storage: cannot create the directory of " + config.store().url() + ": " + e.getMessage(), e);
        }
    }

    private InetSocketAddress bind(HttpServer server, HostPort where, String key) throws StartupException {
        try {
            InetSocketAddress bound = server.start(where.socketAddress());
            toClose.add(0, server);
            return bound;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while binding " + where, e);
        } catch (Exception e) {
            // Netty rethrows the bind failure (an IOException) without declaring it.
            throw new StartupException(key + ": cannot listen on " + where + ": " + e.getMessage(), e);
        }
    }

    private SslContext tls() throws StartupException {
        try {
            return SslContextBuilder.forServer(config.tls().certificate().toFile(), config.tls().privateKey().toFile())
                    .build();
        } catch (IOException | IllegalArgumentException e) {
            throw new StartupException("tls: cannot use " + config.tls().certificate() + " and "
                    + config.tls().privateKey() + " (PEM certificate and PKCS#8 PEM key): " + e.getMessage(), e);
        }
    }

    public BeaconConfig config() {
        return config;
    }

    /** The bound HTTP address, or null when HTTP is off. */
    public InetSocketAddress httpAddress() {
        return httpAddress;
    }

    /** The bound HTTPS address, or null when HTTPS is off. */
    public InetSocketAddress httpsAddress() {
        return httpsAddress;
    }

    /** The bound DNS address (UDP and TCP), or null when DNS is off. */
    public InetSocketAddress dnsAddress() {
        return dnsAddress;
    }

    public Registry registry() {
        return registry;
    }

    public FleetStats fleet() {
        return fleet;
    }

    public TokenCodec codec() {
        return codec;
    }

    public String storeDescription() {
        return store.describe();
    }

    public String transportName() {
        return transportName;
    }

    @Override
    public void close() {
        for (AutoCloseable c : toClose) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("error while stopping: {}", e.toString());
            }
        }
        toClose.clear();
    }
}
