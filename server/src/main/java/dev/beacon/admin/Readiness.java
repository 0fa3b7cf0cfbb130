package dev.beacon.admin;

import dev.beacon.store.Store;
import dev.beacon.store.StoreException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Whether this node can serve: its state is loaded (it is, once the listener runs) and its
 * database answers within a second. The check runs on a thread of its own, so a database that
 * hangs makes readiness fail, not the listener. Thread-safe.
 */
final class Readiness {

    static final Duration LIMIT = Duration.ofSeconds(1);

    private final Store store;
    private final ExecutorService checks;

    Readiness(Store store, ExecutorService checks) {
        this.store = store;
        this.checks = checks;
    }

    /** Completes with null when ready, or with the reason it is not. */
    CompletableFuture<String> check() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                store.ping();
                return (String) null;
            } catch (StoreException e) {
                return "storage: " + e.getMessage();
            }
        }, checks).completeOnTimeout("storage: no answer within " + LIMIT.toMillis() + " ms", LIMIT.toMillis(),
                TimeUnit.MILLISECONDS);
    }
}
