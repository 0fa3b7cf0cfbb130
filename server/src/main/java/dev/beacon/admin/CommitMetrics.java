package dev.beacon.admin;

import dev.beacon.registry.CommitObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The single writer's commits: how many, how big, how long, and how many failed. */
final class CommitMetrics implements CommitObserver {

    private static final Duration[] BUCKETS = {Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2),
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
        Duration.ofSeconds(5)};
    private static final double[] SIZES = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000};

    private final Timer duration;
    private final DistributionSummary commands;
    private final Counter entries;
    private final Counter failures;

    CommitMetrics(MeterRegistry registry) {
        this.duration = Timer.builder("beacon.commit.duration")
                .description("How long each durable commit took (transaction and fsync)")
                .serviceLevelObjectives(BUCKETS).register(registry);
        this.commands = DistributionSummary.builder("beacon.commit.batch.commands")
                .description("Commands decided per commit: group commit's batch size")
                .serviceLevelObjectives(SIZES).register(registry);
        this.entries = Counter.builder("beacon.journal.entries")
                .description("Journal entries written by this node's commits").register(registry);
        this.failures = Counter.builder("beacon.commit.failures")
                .description("Commands whose commit failed (answered with a server error)").register(registry);
    }

    @Override
    public void committed(int commandCount, int changes, long nanos) {
        duration.record(nanos, TimeUnit.NANOSECONDS);
        commands.record(commandCount);
        entries.increment(changes);
    }

    @Override
    public void failed(int commandCount) {
        failures.increment(commandCount);
    }
}
