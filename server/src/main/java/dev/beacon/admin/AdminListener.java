package dev.beacon.admin;

import dev.beacon.dialect.Dialect;
import dev.beacon.fleet.FleetStats;
import dev.beacon.registry.Registry;
import dev.beacon.store.Store;
import dev.beacon.token.TokenCodec;
import dev.beacon.zone.Zone;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The admin listener's parts, built once the server's state is: health, readiness and metrics,
 * the operator API, the metrics they read, and the threads their database work runs on (never
 * the listener's event loops). Close it after the listener.
 */
public final class AdminListener implements AutoCloseable {

    /** Operator requests that may wait on the database at once; more queue. */
    private static final int API_THREADS = 2;
    /** Operator requests that may wait for those threads. */
    private static final int API_QUEUE = 256;

    private final BeaconMetrics metrics;
    private final ExecutorService checks;
    private final ScheduledExecutorService sampler;
    private final ExecutorService api;
    private final List<Dialect> endpoints;
    private final OperatorApi operatorApi;

    public AdminListener(Registry registry, Store store, List<Zone> zones, FleetStats fleet, BeaconMetrics metrics,
            TokenCodec codec, Clock clock, ConfigReloader reloader) {
        this.metrics = metrics;
        this.checks = Executors.newSingleThreadExecutor(daemons("readiness"));
        // Its own thread: a readiness check stuck on a hung database must not stop the readings.
        this.sampler = Executors.newSingleThreadScheduledExecutor(daemons("overview-sampler"));
        ServiceHistory history = new ServiceHistory(metrics.registry());
        sampler.scheduleAtFixedRate(() -> history.sample(clock.millis()), 0, ServiceHistory.STEP_MILLIS,
                TimeUnit.MILLISECONDS);
        // Bounded: a flood of operator requests is refused (503), not queued without end.
        this.api = new ThreadPoolExecutor(API_THREADS, API_THREADS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(API_QUEUE), daemons("operator-api"));
        this.operatorApi = new OperatorApi(registry, store, zones, new FleetReport(registry, store, fleet, clock), history,
                codec, api, clock, reloader);
        this.endpoints = List.of(new AdminEndpoints(new Readiness(store, registry::writeSuspension, checks), metrics), operatorApi);
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** The operator API, for callers in this process (the console). */
    public OperatorApi operatorApi() {
        return operatorApi;
    }

    /** What the listener serves. */
    public List<Dialect> endpoints() {
        return endpoints;
    }

    @Override
    public void close() {
        checks.shutdownNow();
        sampler.shutdownNow();
        api.shutdownNow();
        metrics.close();
    }
}
