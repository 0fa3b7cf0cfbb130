package dev.beacon.admin;

import dev.beacon.store.Store;
import dev.beacon.store.StoreException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether this node can serve: its state is loaded (it is, once the listener runs) and its
 * database answers within a second. The check runs on a thread of its own, so a database that
 * hangs makes readiness fail, not the listener; requests that come while a check is running share
 * it, so a flood of probes against a hung database queues no work. Thread-safe.
 */
final class Readiness {

    static final Duration LIMIT = Duration.ofSeconds(1);

    private final Store store;
    private final java.util.function.Supplier<String> writeSuspension;
    private final ExecutorService checks;
    /** The check running now, or one finished. */
    private final AtomicReference<CompletableFuture<String>> running = new AtomicReference<>();

    /** @param writeSuspension why writes are refused now, or null (the registry's) */
    Readiness(Store store, java.util.function.Supplier<String> writeSuspension, ExecutorService checks) {
        this.store = store;
        this.writeSuspension = writeSuspension;
        this.checks = checks;
    }

    /** Completes with null when ready, or with the reason it is not, within {@link #LIMIT}. */
    CompletableFuture<String> check() {
        CompletableFuture<String> ping = running.get();
        if (ping == null || ping.isDone()) {
            CompletableFuture<String> fresh = new CompletableFuture<>();
            if (running.compareAndSet(ping, fresh)) {
                checks.execute(() -> fresh.complete(ping()));
            }
            ping = running.get();
        }
        // Each caller waits at most LIMIT, however long the shared ping takes.
        return ping.copy().completeOnTimeout("storage: no answer within " + LIMIT.toMillis() + " ms",
                LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private String ping() {
        String suspended = writeSuspension.get();
        if (suspended != null) {
            return "storage: " + suspended;
        }
        try {
            store.ping();
            return null;
        } catch (StoreException | RuntimeException e) {
            return "storage: " + e.getMessage();
        }
    }
}
