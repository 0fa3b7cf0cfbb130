package dev.beacon.admin;

import dev.beacon.auth.ReplayCache;
import dev.beacon.device.RequestObserver;
import dev.beacon.dns.DnsCounters;
import dev.beacon.dns.DnsServer;
import dev.beacon.fleet.FleetStats;
import dev.beacon.registry.CommitObserver;
import dev.beacon.registry.Registry;
import dev.beacon.registry.ZoneState;
import dev.beacon.transfer.Transfers;
import dev.beacon.webhook.WebhookDelivery;
import dev.beacon.zone.Zone;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The metrics Beacon exposes. Most are read when scraped from the state the server keeps anyway
 * (the registry's snapshot, the fleet counts, the DNS and transfer counters), so the request and
 * query paths pay nothing for them; request and commit latencies are recorded as they happen
 * ({@link #requests()}, {@link #commits()}). Made first, so every part can report to it; owns its
 * registry; close it to stop the JVM binders.
 */
public final class BeaconMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final RequestMetrics requests = new RequestMetrics(registry);
    private final CommitMetrics commits = new CommitMetrics(registry);

    /**
     * JVM memory, GC, threads, classes and uptime come from Micrometer's binders; its processor
     * binder is left out, as Prometheus' own lint (promtool) refuses two of its names.
     */
    public BeaconMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Where device requests are reported. */
    public RequestObserver requests() {
        return requests;
    }

    /** Where the writer reports its commits. */
    public CommitObserver commits() {
        return commits;
    }

    MeterRegistry registry() {
        return registry;
    }

    /** The registry's state, the fleet's counts and the replay cache, read when scraped. */
    public void watchState(Registry names, List<Zone> zones, FleetStats fleet, ReplayCache replays, long replayMax) {
        for (FleetStats.Event event : FleetStats.Event.values()) {
            FunctionCounter.builder("beacon.device.events", fleet, f -> f.totals().getOrDefault(event, 0L))
                    .description("Device API requests, and what became of them, since start")
                    .tag("event", event.name().toLowerCase(Locale.ROOT)).register(registry);
        }
        for (Zone zone : zones) {
            zoneGauge("beacon.zone.names", "Names the zone holds", names, zone, ZoneState::size);
            zoneGauge("beacon.zone.devices", "Devices holding a name in the zone", names, zone, ZoneState::deviceCount);
            zoneGauge("beacon.zone.serial", "The zone's SOA serial", names, zone, s -> s.lastSeq() & 0xFFFF_FFFFL);
        }
        Gauge.builder("beacon.journal.position", names, r -> r.snapshot().position())
                .description("The journal position this node's state is at").register(registry);
        Gauge.builder("beacon.writer.queue", names, Registry::queueDepth)
                .description("Commands waiting for the single writer").register(registry);
        Gauge.builder("beacon.replay.cache.entries", replays, ReplayCache::size)
                .description("Token nonces the replay cache holds").register(registry);
        Gauge.builder("beacon.replay.cache.fill", replays, r -> (double) r.size() / replayMax)
                .description("The replay cache's fill, 0 to 1; at 1 new tokens are refused with 911").register(registry);
    }

    private void zoneGauge(String name, String help, Registry names, Zone zone, ToDoubleFunction<ZoneState> value) {
        Gauge.builder(name, names, r -> {
            ZoneState state = r.snapshot().zone(zone.name());
            return state == null ? Double.NaN : value.applyAsDouble(state);
        }).description(help).tag("zone", zone.name()).register(registry);
    }

    /** What the DNS server answered, read when scraped. */
    public void watchDns(DnsServer dns) {
        DnsCounters counters = dns.counters();
        String[] types = DnsCounters.typeNames();
        String[] rcodes = DnsCounters.rcodeNames();
        for (int t = 0; t < types.length; t++) {
            for (int r = 0; r < rcodes.length; r++) {
                // Codes no server of ours sends are left out rather than exposed as eternal zeros.
                if (r > 10) {
                    continue;
                }
                int type = t;
                int rcode = r;
                FunctionCounter.builder("beacon.dns.replies", counters, c -> c.replies(type, rcode))
                        .description("DNS replies sent, by query type and response code")
                        .tags("qtype", types[t], "rcode", rcodes[r]).register(registry);
            }
        }
        for (int rcode = 0; rcode <= 10; rcode++) {
            int code = rcode;
            FunctionCounter.builder("beacon.dns.updates", counters, c -> c.updates(code))
                    .description("RFC 2136 updates answered, by response code").tag("rcode", rcodes[rcode])
                    .register(registry);
        }
        FunctionCounter.builder("beacon.dns.truncated", counters, DnsCounters::truncated)
                .description("DNS replies truncated (TC set) so the client retries over TCP").register(registry);
        FunctionCounter.builder("beacon.dns.rate.limited", counters, DnsCounters::rateLimitedDropped)
                .description("UDP responses the response rate limit held back, by what became of them")
                .tags("action", "dropped").register(registry);
        FunctionCounter.builder("beacon.dns.rate.limited", counters, DnsCounters::rateLimitedSlipped)
                .description("UDP responses the response rate limit held back, by what became of them")
                .tags("action", "slipped").register(registry);
        FunctionCounter.builder("beacon.dns.cookies.verified", counters, DnsCounters::cookiesVerified)
                .description("DNS queries that returned a valid server cookie, which the rate limit spares")
                .register(registry);
        FunctionCounter.builder("beacon.dns.tcp.accepted", counters, DnsCounters::tcpAccepted)
                .description("DNS TCP connections accepted").register(registry);
        Gauge.builder("beacon.dns.tcp.open", dns, DnsServer::openTcpConnections)
                .description("DNS TCP connections open now").register(registry);
    }

    /** What the transfer service sent, read when scraped. */
    public void watchTransfers(Transfers transfers) {
        FunctionCounter.builder("beacon.transfers.whole", transfers, Transfers::wholeZonesSent)
                .description("Whole zones sent to secondaries (AXFR, IXFR as AXFR, the catalog)").register(registry);
        FunctionCounter.builder("beacon.transfers.incremental", transfers, Transfers::differencesSent)
                .description("Differences sent to secondaries (IXFR)").register(registry);
        FunctionCounter.builder("beacon.transfers.refused", transfers, Transfers::refusedCount)
                .description("Transfer requests refused").register(registry);
    }

    /** The webhook outbox and deliveries, read when scraped. */
    public void watchWebhooks(WebhookDelivery webhooks) {
        Gauge.builder("beacon.webhook.pending", webhooks, WebhookDelivery::pending)
                .description("Webhook events waiting in the outbox").register(registry);
        FunctionCounter.builder("beacon.webhook.delivered", webhooks, WebhookDelivery::delivered)
                .description("Webhook events delivered (answered 2xx)").register(registry);
        FunctionCounter.builder("beacon.webhook.failed", webhooks, WebhookDelivery::failedAttempts)
                .description("Webhook delivery attempts that failed and will be retried").register(registry);
        FunctionCounter.builder("beacon.webhook.dropped", webhooks, WebhookDelivery::dropped)
                .description("Webhook events given up on after failing for 72 hours").register(registry);
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
