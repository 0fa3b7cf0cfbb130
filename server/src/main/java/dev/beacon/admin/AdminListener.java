package dev.beacon.admin;

import dev.beacon.fleet.FleetStats;
import dev.beacon.registry.Registry;
import dev.beacon.store.Store;
import dev.beacon.transfer.Transfers;
import dev.beacon.zone.Zone;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The admin listener's parts, built once the server's state is: its endpoints, the metrics they
 * read and the thread readiness checks run on. Close it after the listener.
 */
public final class AdminListener implements AutoCloseable {

    private final BeaconMetrics metrics;
    private final ExecutorService checks;
    private final AdminEndpoints endpoints;

    /**
     * @param transfers the transfer service, or null when DNS is off
     */
    public AdminListener(Registry registry, Store store, List<Zone> zones, FleetStats fleet, Transfers transfers) {
        this.metrics = new BeaconMetrics(registry, zones, fleet, transfers);
        this.checks = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "readiness");
            t.setDaemon(true);
            return t;
        });
        this.endpoints = new AdminEndpoints(new Readiness(store, checks), metrics);
    }

    /** What the listener serves. */
    public AdminEndpoints endpoints() {
        return endpoints;
    }

    @Override
    public void close() {
        checks.shutdownNow();
        metrics.close();
    }
}
