package dev.beacon.registry;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds how long a device waits for a commit. The writer thread may sit in a JDBC call for as
 * long as the disk or database takes (a frozen disk hung writers for minutes); this watchdog,
 * on a thread of its own, answers every command older than the commit timeout with a server
 * error and logs it, at most once every 10 s while it goes on.
 */
final class CommitWatchdog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CommitWatchdog.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final long timeoutNanos;
    private final LongToIntFunction expireOlderThan;
    private final ScheduledExecutorService timer;
    private long lastLogged = System.nanoTime() - LOG_EVERY_NANOS;
    private long unlogged;

    /**
     * @param expireOlderThan answers every command queued before the given {@link System#nanoTime()}
     *     value and returns how many it answered
     */
    CommitWatchdog(Duration timeout, LongToIntFunction expireOlderThan) {
        this.timeoutNanos = timeout.toNanos();
        this.expireOlderThan = expireOlderThan;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "beacon-commit-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(20), Math.min(timeoutNanos / 5, TimeUnit.SECONDS.toNanos(1)));
        timer.scheduleWithFixedDelay(this::check, period, period, TimeUnit.NANOSECONDS);
    }

    private void check() {
        long now = System.nanoTime();
        int answered = expireOlderThan.applyAsInt(now - timeoutNanos);
        unlogged += answered;
        if (unlogged > 0 && now - lastLogged >= LOG_EVERY_NANOS) {
            log.error("storage: commits have not finished within storage.commit-timeout ({}); answered {} requests"
                    + " with a server error (is the disk or the database responding?)", Duration.ofNanos(timeoutNanos),
                    unlogged);
            unlogged = 0;
            lastLogged = now;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
