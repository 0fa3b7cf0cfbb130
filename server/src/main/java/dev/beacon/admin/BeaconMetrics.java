package dev.beacon.admin;

import dev.beacon.fleet.FleetStats;
import dev.beacon.registry.Registry;
import dev.beacon.registry.ZoneState;
import dev.beacon.transfer.Transfers;
import dev.beacon.zone.Zone;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Locale;

/**
 * The metrics Beacon exposes, read when scraped from the state the server keeps anyway (the
 * registry's snapshot, the fleet counts, the transfer counts), so the request and query paths pay
 * nothing for them. Owns its registry; close it to stop the JVM binders.
 */
public final class BeaconMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    /**
     * JVM memory, GC, threads, classes and uptime come from Micrometer's binders; its processor
     * binder is left out, as Prometheus' own lint (promtool) refuses two of its names.
     *
     * @param transfers the transfer service, or null when DNS is off
     */
    public BeaconMetrics(Registry names, List<Zone> zones, FleetStats fleet, Transfers transfers) {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        for (FleetStats.Event event : FleetStats.Event.values()) {
            FunctionCounter.builder("beacon.device.events", fleet, f -> f.totals().getOrDefault(event, 0L))
                    .description("Device API requests, and what became of them, since start")
                    .tag("event", event.name().toLowerCase(Locale.ROOT)).register(registry);
        }
        for (Zone zone : zones) {
            Gauge.builder("beacon.zone.names", names, r -> size(r, zone.name()))
                    .description("Names the zone holds").tag("zone", zone.name()).register(registry);
            Gauge.builder("beacon.zone.serial", names, r -> serial(r, zone.name()))
                    .description("The zone's SOA serial").tag("zone", zone.name()).register(registry);
        }
        Gauge.builder("beacon.journal.position", names, r -> r.snapshot().position())
                .description("The journal position this node's state is at").register(registry);
        Gauge.builder("beacon.writer.queue", names, Registry::queueDepth)
                .description("Commands waiting for the single writer").register(registry);
        if (transfers != null) {
            FunctionCounter.builder("beacon.transfers.whole", transfers, Transfers::wholeZonesSent)
                    .description("Whole zones sent to secondaries (AXFR, IXFR as AXFR, the catalog)").register(registry);
            FunctionCounter.builder("beacon.transfers.incremental", transfers, Transfers::differencesSent)
                    .description("Differences sent to secondaries (IXFR)").register(registry);
            FunctionCounter.builder("beacon.transfers.refused", transfers, Transfers::refusedCount)
                    .description("Transfer requests refused").register(registry);
        }
    }

    private static double size(Registry r, String zone) {
        ZoneState state = r.snapshot().zone(zone);
        return state == null ? Double.NaN : state.size();
    }

    private static double serial(Registry r, String zone) {
        ZoneState state = r.snapshot().zone(zone);
        return state == null ? Double.NaN : state.lastSeq() & 0xFFFF_FFFFL;
    }

    /** The Prometheus text exposition of every metric. */
    String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
