package dev.beacon.admin;

import dev.beacon.device.RequestObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Device requests by dialect, endpoint and reply code, their latency as a histogram, and 911
 * refusals by kind. Meters are made on first use and then found by one hash lookup.
 */
final class RequestMetrics implements RequestObserver {

    /** Latency buckets: a no-change reply takes microseconds, a commit milliseconds, a stalled disk seconds. */
    private static final Duration[] BUCKETS = {Duration.ofNanos(250_000), Duration.ofMillis(1), Duration.ofMillis(2),
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
        Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private record Key(String dialect, String endpoint, String code) {
    }

    private record Route(String dialect, String endpoint) {
    }

    private final MeterRegistry registry;
    private final ConcurrentHashMap<Key, Counter> counts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Route, Timer> latencies = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> floods = new ConcurrentHashMap<>();

    RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
        // Known kinds start at zero, so an alert on their rate has a series before the first flood.
        for (String kind : new String[] {"address", "device", "server-wide token"}) {
            flood(kind);
        }
    }

    @Override
    public void answered(String dialect, String endpoint, String code, long nanos) {
        counts.computeIfAbsent(new Key(dialect, endpoint, code), k -> Counter.builder("beacon.device.requests")
                .description("Device requests answered, by dialect, endpoint and native reply code")
                .tags("dialect", k.dialect(), "endpoint", k.endpoint(), "code", k.code()).register(registry))
                .increment();
        latencies.computeIfAbsent(new Route(dialect, endpoint), r -> Timer.builder("beacon.device.request.duration")
                .description("Time from a device request's arrival at the device API to its answer, commit included")
                .tags("dialect", r.dialect(), "endpoint", r.endpoint()).serviceLevelObjectives(BUCKETS)
                .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void flooded(String kind) {
        flood(kind).increment();
    }

    private Counter flood(String kind) {
        return floods.computeIfAbsent(kind, k -> Counter.builder("beacon.flood.refusals")
                .description("Requests refused with 911, by what was flooding: address, device or server-wide token")
                .tag("kind", k).register(registry));
    }
}
