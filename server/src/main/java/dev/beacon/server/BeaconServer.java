package dev.beacon.server;

import dev.beacon.checkpoint.CheckpointFile;
import dev.beacon.checkpoint.Checkpointer;
import dev.beacon.checkpoint.WarmStart;
import dev.beacon.device.DeviceApi;
import dev.beacon.admin.AdminListener;
import dev.beacon.admin.ConfigReloader;
import dev.beacon.admin.BeaconMetrics;
import dev.beacon.auth.KeyRing;
import dev.beacon.auth.ReplayCache;
import dev.beacon.auth.TokenVerifier;
import dev.beacon.console.Console;
import dev.beacon.dialect.AcmeDnsDialect;
import dev.beacon.dialect.Dialect;
import dev.beacon.dialect.DuckDnsDialect;
import dev.beacon.dialect.Dyndns2Dialect;
import dev.beacon.dialect.NativeDialect;
import dev.beacon.dialect.RewriteDialect;
import dev.beacon.config.BeaconConfig;
import dev.beacon.config.HostPort;
import dev.beacon.dns.DnsServer;
import dev.beacon.dns.TransferSupport;
import dev.beacon.update.DnsUpdates;
import dev.beacon.fleet.FleetStats;
import dev.beacon.flood.FloodGuard;
import dev.beacon.device.RefusalLog;
import dev.beacon.http.HttpServer;
import dev.beacon.http.TlsIdentity;
import dev.beacon.logging.ThrottledLog;
import dev.beacon.http.TrustedProxies;
import dev.beacon.io.Transport;
import dev.beacon.registry.CommitObserver;
import dev.beacon.registry.Registry;
import dev.beacon.registry.TxtExpiry;
import dev.beacon.store.JdbcStore;
import dev.beacon.store.Store;
import dev.beacon.store.StoreException;
import dev.beacon.transfer.Catalog;
import dev.beacon.transfer.Notifier;
import dev.beacon.transfer.Transfers;
import dev.beacon.token.TokenCodec;
import dev.beacon.webhook.WebhookDelivery;
import dev.beacon.webhook.WebhookEvents;
import dev.beacon.zone.Zone;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    /** A webhook event failing this long is dropped: a receiver gone for good must not grow the outbox forever. */
    private static final Duration WEBHOOK_GIVE_UP = Duration.ofHours(72);
    /** The registry's checkpoint, in the data directory (see {@link Checkpointer}). */
    public static final String CHECKPOINT_FILE = "registry.checkpoint";

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<HttpServer> listeners = new ArrayList<>();
    private final BeaconConfig config;
    private final TokenCodec codec;
    private Store store;
    private Registry registry;
    private Checkpointer checkpointer;
    private FleetStats fleet;
    private InetSocketAddress httpAddress;
    private InetSocketAddress adminAddress;
    private InetSocketAddress httpsAddress;
    private InetSocketAddress dnsAddress;
    private String transportName;
    private long startedNanos;

    private ConfigSource source;
    private ConfigReload reload;

    private BeaconServer(BeaconConfig config, TokenCodec codec) {
        this.config = config;
        this.codec = codec;
    }

    /** Starts everything the config describes; on failure, stops what had started. No reloads. */
    public static BeaconServer start(BeaconConfig config, Clock clock) throws StartupException {
        return start(config, clock, null);
    }

    /**
     * Starts everything the config describes; on failure, stops what had started.
     *
     * @param source reads the config again for a reload (SIGHUP, {@code beacon reload}); null: none
     */
    public static BeaconServer start(BeaconConfig config, Clock clock, ConfigSource source) throws StartupException {
        BeaconServer server = new BeaconServer(config, new TokenCodec(new SecureRandom()));
        server.source = source;
        try {
            server.startAll(clock);
            server.startedNanos = System.nanoTime();
            log.info("started: http {}, https {}, dns {}, {} zones, {} names, storage {}", orOff(server.httpAddress),
                    orOff(server.httpsAddress), orOff(server.dnsAddress), config.zones().size(),
                    server.registry.snapshot().size(), server.store.describe());
            return server;
        } catch (StartupException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void startAll(Clock clock) throws StartupException {
        List<Zone> zones = config.zones();
        // TLS files first: a bad certificate must stop start-up before the database is touched.
        SslContext tls = config.https() == null && !config.adminTls() ? null : tls();
        BeaconMetrics metrics = new BeaconMetrics();
        toClose.add(metrics);
        store = openStore(zones);
        toClose.add(store);
        CheckpointFile checkpointFile = new CheckpointFile(config.dataDir().resolve(CHECKPOINT_FILE));
        WarmStart.Start start;
        try {
            start = WarmStart.load(zones, store, checkpointFile);
        } catch (StoreException e) {
            throw new StartupException(e.getMessage(), e);
        }
        NewKeyFiles.write(config.newKeyFiles(), start.snapshot());
        WebhookEvents events = new WebhookEvents(config.webhooks());
        WebhookDelivery webhooks = events.isEmpty() || store.readOnly() ? null
                : new WebhookDelivery(store, config.webhooks(), clock, WEBHOOK_GIVE_UP);
        CommitObserver commits = webhooks == null ? metrics.commits() : new CommitObserver() {
            @Override
            public void committed(int commands, int changes, long nanos) {
                metrics.commits().committed(commands, changes, nanos);
                if (changes > 0) {
                    webhooks.wake();
                }
            }

            @Override
            public void failed(int commands) {
                metrics.commits().failed(commands);
            }
        };
        // Written after the registry stops (closed before it in the list), before the store closes.
        // A start that fails before the registry exists has no state to write.
        checkpointer = new Checkpointer(checkpointFile, store, () -> registry == null ? null : registry.snapshot(),
                start.replayed() == 0 ? start.snapshot().position() : -1);
        toClose.add(0, checkpointer);
        registry = new Registry(start.snapshot(), store, clock, config.registry(), commits, events::of);
        toClose.add(0, registry);
        log.info("{} from {}; this node is '{}' in the journal", start.how(), store.describe(), registry.node());
        if (webhooks != null) {
            // Stopped before the registry and the store; started now, it sends what a crash left.
            toClose.add(0, webhooks);
            metrics.watchWebhooks(webhooks);
            webhooks.start();
        }
        // Other nodes' commits (and imports) reach this node's memory through the journal.
        toClose.add(0, store.follow(registry::catchUp, Duration.ofMillis(500)));

        ReplayCache replays = new ReplayCache(clock, config.maxSkewSeconds(), config.replayCacheMax());
        try {
            // Tokens that changed something before a restart stay spent after it.
            store.spentNonces(clock.millis()).forEach(s -> replays.seed(s.nonce(), s.expiresAtMillis()));
        } catch (StoreException e) {
            throw new StartupException(e.getMessage(), e);
        }
        TokenVerifier verifier = new TokenVerifier(codec, new KeyRing(zones), replays, clock, config.maxSkewSeconds());
        FloodGuard flood = new FloodGuard(config.flood(), System::nanoTime);
        fleet = new FleetStats(10_000);
        int refusalLines = config.logging().refusalLinesPerMinute();
        RefusalLog refusals = new RefusalLog(
                new ThrottledLog(LoggerFactory.getLogger(DeviceApi.class), "refused tokens", refusalLines, System::nanoTime),
                new ThrottledLog(LoggerFactory.getLogger(FloodGuard.class), "flood refusals", refusalLines, System::nanoTime));
        DeviceApi api = new DeviceApi(verifier, flood, registry, fleet, codec, zones, clock, config.dev(), refusals,
                metrics.requests());
        metrics.watchState(registry, zones, fleet, replays, config.replayCacheMax());
        // Configured rules first, so an operator can claim any path; then the built-in dialects.
        // The rewrite dialect is there without rules too: a reload may bring some.
        List<Dialect> dialects = new ArrayList<>();
        RewriteDialect rewrites = new RewriteDialect(api, config.rewrites());
        dialects.add(rewrites);
        dialects.add(new NativeDialect(api));
        dialects.add(new Dyndns2Dialect(api));
        // Before DuckDNS, which shares its path: acme-dns claims the requests with its headers.
        dialects.add(new AcmeDnsDialect(api));
        dialects.add(new DuckDnsDialect(api));

        ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "beacon-maintenance");
            t.setDaemon(true);
            return t;
        });
        toClose.add(0, maintenance::shutdownNow);
        maintenance.scheduleWithFixedDelay(flood::sweep, 60, 60, TimeUnit.SECONDS);
        if (!store.readOnly()) {
            long txtEvery = TxtExpiry.interval(zones).toMillis();
            maintenance.scheduleWithFixedDelay(new TxtExpiry(registry, clock), txtEvery, txtEvery, TimeUnit.MILLISECONDS);
        }
        long checkpointMillis = config.registry().checkpointEvery().toMillis();
        maintenance.scheduleWithFixedDelay(checkpointer::checkpoint, checkpointMillis, checkpointMillis,
                TimeUnit.MILLISECONDS);

        Transport transport = Transport.best();
        transportName = transport.name();
        int loops = Runtime.getRuntime().availableProcessors();
        EventLoopGroup group = transport.newGroup(loops);
        // Bounded: a shutdown that cannot finish must not keep the process alive forever.
        toClose.add(0, () -> group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS));
        TrustedProxies proxies = new TrustedProxies(config.trustedProxies());
        ThrottledLog handshakes = new ThrottledLog(LoggerFactory.getLogger(HttpServer.class), "TLS handshake failures",
                refusalLines, System::nanoTime);
        if (config.http() != null) {
            HttpServer http = new HttpServer(transport, group, dialects, proxies, config.httpSettings(), null, clock,
                    handshakes);
            httpAddress = bind(http, config.http(), "listen.http");
        }
        List<HttpServer> tlsListeners = new ArrayList<>();
        if (config.https() != null) {
            HttpServer https = new HttpServer(transport, group, dialects, proxies, config.httpSettings(), tls, clock,
                    handshakes);
            httpsAddress = bind(https, config.https(), "listen.https");
            tlsListeners.add(https);
        }
        Transfers transfers = null;
        DnsUpdates updates = null;
        if (config.dns() != null) {
            ThrottledLog transferRefusals = new ThrottledLog(LoggerFactory.getLogger(Transfers.class),
                    "transfer refusals", refusalLines, System::nanoTime);
            Catalog catalog = config.catalog() == null ? null
                    : new Catalog(config.catalog(), clock.millis() / 1000, zones);
            transfers = new Transfers(registry::snapshot, catalog, store, transferRefusals, clock);
            toClose.add(0, transfers);
            metrics.watchTransfers(transfers);
            ThrottledLog updateRefusals = new ThrottledLog(LoggerFactory.getLogger(DnsUpdates.class),
                    "update refusals", refusalLines, System::nanoTime);
            updates = new DnsUpdates(registry, zones, replays, clock, config.maxSkewSeconds(), updateRefusals);
            DnsServer dns = new DnsServer(transport, group, loops, registry::snapshot, zones, config.dnsSettings(),
                    new TransferSupport(config.tsigKeys(), transfers, transferRefusals, clock,
                            catalog == null ? null : catalog.state(), updates));
            toClose.add(0, dns);
            metrics.watchDns(dns);
            try {
                dnsAddress = dns.start(config.dns().socketAddress());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException("interrupted while binding " + config.dns(), e);
            } catch (Exception e) {
                throw new StartupException("listen.dns: cannot listen on " + config.dns() + ": " + e.getMessage(), e);
            }
            List<Zone> notifying = new ArrayList<>(zones);
            if (catalog != null) {
                notifying.add(catalog.zone());
            }
            if (Notifier.wanted(notifying)) {
                try {
                    Notifier notifier = new Notifier(notifying, Catalog.states(registry::snapshot, catalog),
                            dnsAddress.getAddress(), clock);
                    toClose.add(0, notifier);
                    notifier.start();
                } catch (java.io.IOException e) {
                    throw new StartupException("zones[].notify: cannot open a socket on " + dnsAddress.getAddress()
                            + ": " + e.getMessage(), e);
                }
            }
        }
        if (config.admin() != null) {
            AdminListener admin = new AdminListener(registry, store, zones, fleet, metrics, codec, clock, this::reload);
            toClose.add(0, admin);
            List<Dialect> adminEndpoints = new ArrayList<>(admin.endpoints());
            adminEndpoints.add(new Console(admin.operatorApi(), config.adminTls(), clock));
            HttpServer adminHttp = new HttpServer(transport, group, adminEndpoints,
                    new TrustedProxies(List.of()), config.httpSettings(), config.adminTls() ? tls : null, clock,
                    handshakes);
            adminAddress = bind(adminHttp, config.admin(), "listen.admin");
            if (config.adminTls()) {
                tlsListeners.add(adminHttp);
            }
        }
        reload = new ConfigReload(source, config, verifier, api, flood, rewrites, tlsListeners, updates);
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
            listeners.add(server);
            // Requests already received wait for their commits, which the commit timeout bounds.
            Duration grace = config.registry().commitTimeout().plusSeconds(2);
            toClose.add(0, () -> {
                int cut = server.drain(grace);
                if (cut > 0) {
                    log.warn("stopping: closed {} connections still busy after {}", cut, grace);
                }
            });
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
            return TlsIdentity.load(config.tls().certificate(), config.tls().privateKey());
        } catch (TlsIdentity.Unusable e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    /**
     * Reads the config again and puts in effect what a reload can change ({@link ConfigReload});
     * a file that cannot be used leaves the running config whole.
     */
    public ConfigReloader.Outcome reload() {
        return reload.reload();
    }

    public BeaconConfig config() {
        return config;
    }

    /** The bound HTTP address, or null when HTTP is off. */
    /** The admin listener's address (health, readiness, metrics), or null when it is off. */
    public InetSocketAddress adminAddress() {
        return adminAddress;
    }

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

    /**
     * Stops cleanly: every listener stops accepting at once, every request already received is
     * answered (its commit finishes first), queued commits are written, then the store closes.
     */
    @Override
    public void close() {
        boolean wasRunning = startedNanos != 0;
        listeners.forEach(HttpServer::stopAccepting);
        for (AutoCloseable c : toClose) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("error while stopping: {}", e.toString());
            }
        }
        toClose.clear();
        listeners.clear();
        if (wasRunning) {
            startedNanos = 0;
            Map<FleetStats.Event, Long> totals = fleet.totals();
            log.info("stopped: {} requests ({} changes, {} unchanged, {} refused tokens, {} floods, {} server errors)",
                    totals.get(FleetStats.Event.REQUEST), totals.get(FleetStats.Event.CHANGE),
                    totals.get(FleetStats.Event.NO_CHANGE), totals.get(FleetStats.Event.BAD_TOKEN),
                    totals.get(FleetStats.Event.FLOOD), totals.get(FleetStats.Event.ERROR));
        }
    }

    private static String orOff(InetSocketAddress address) {
        return address == null ? "off" : address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
