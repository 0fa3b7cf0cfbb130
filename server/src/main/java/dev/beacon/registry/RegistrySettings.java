package dev.beacon.registry;

import java.time.Duration;

/**
 * Tuning of the writer.
 *
 * @param maxBatch most commands in one commit
 * @param queueCapacity most commands waiting; beyond it commands fail at once with a server error
 * @param sightingsFlush how often last-seen times are written
 * @param journalRetention how long journal entries are kept
 * @param commitTimeout how long a command may wait for its commit (queued or in flight) before
 *     it is answered with a server error, even if the database never answers
 * @param checkpointEvery how often the registry is written to its checkpoint file (and once more at a clean stop)
 */
public record RegistrySettings(int maxBatch, int queueCapacity, Duration sightingsFlush, Duration journalRetention,
        Duration commitTimeout, Duration checkpointEvery) {

    public RegistrySettings {
        if (maxBatch < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("batch and queue sizes must be positive");
        }
    }

    public static RegistrySettings defaults() {
        return new RegistrySettings(4096, 65_536, Duration.ofSeconds(60), Duration.ofDays(7), Duration.ofSeconds(10),
                Duration.ofMinutes(5));
    }
}
