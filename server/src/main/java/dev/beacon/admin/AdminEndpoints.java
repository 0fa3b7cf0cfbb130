package dev.beacon.admin;

import dev.beacon.dialect.Dialect;
import dev.beacon.dialect.WebReply;
import dev.beacon.dialect.WebRequest;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What the admin listener answers: {@code /healthz} (the process is up), {@code /readyz} (it can
 * serve: its database answers within a second) and {@code /metrics} (Prometheus text format).
 * None needs a token: they reveal counts, not devices, and the listener is on loopback by
 * default. Served by the same HTTP listener code as the device API. Thread-safe.
 */
public final class AdminEndpoints implements Dialect {

    private static final Set<String> PATHS = Set.of("/healthz", "/readyz", "/metrics");
    /** The Prometheus text format, version 0.0.4. */
    static final String METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Readiness readiness;
    private final BeaconMetrics metrics;

    AdminEndpoints(Readiness readiness, BeaconMetrics metrics) {
        this.readiness = readiness;
        this.metrics = metrics;
    }

    @Override
    public boolean serves(String path) {
        return PATHS.contains(path);
    }

    @Override
    public CompletableFuture<WebReply> handle(WebRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return CompletableFuture.completedFuture(WebReply.methodNotAllowed());
        }
        return switch (request.path()) {
            case "/healthz" -> CompletableFuture.completedFuture(WebReply.ok("ok\n"));
            case "/readyz" -> readiness.check().thenApply(reason -> reason == null ? WebReply.ok("ready\n")
                    : WebReply.of(503, "not ready: " + reason + "\n"));
            default -> CompletableFuture.completedFuture(
                    WebReply.ok(metrics.scrape()).withHeader("Content-Type", METRICS_TYPE));
        };
    }

    @Override
    public WebReply fault(WebRequest request) {
        return WebReply.of(500, "internal error\n");
    }
}
