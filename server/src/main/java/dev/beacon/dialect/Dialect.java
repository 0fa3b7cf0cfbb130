package dev.beacon.dialect;

import java.util.concurrent.CompletableFuture;

/**
 * One way clients speak to Beacon over HTTP: the native device protocol, dyndns2, DuckDNS, or a
 * configured rewrite rule. Every dialect turns its requests into calls of the one device API, so
 * all share the token checks, the flood guard, the registry and the durable commit.
 *
 * <p>Implementations are immutable and thread-safe; {@link #handle} never blocks.
 */
public interface Dialect {

    /** True when requests for this path (any method) belong to this dialect. */
    boolean serves(String path);

    /**
     * Whether a request on a path this dialect serves is its, when two share a path (acme-dns's
     * {@code POST /update} with its {@code X-Api-User} header beside DuckDNS's {@code /update}).
     */
    default boolean claims(WebRequest request) {
        return true;
    }

    /** Answers a request whose path this dialect serves. */
    CompletableFuture<WebReply> handle(WebRequest request);

    /**
     * What a client of this dialect hears when the server fails while answering it (a bug, or an
     * unexpected fault): the dialect's own "server error, try later" ({@code 12}, dyndns2's
     * {@code 911}, DuckDNS's {@code KO}), never a stack trace.
     */
    WebReply fault(WebRequest request);
}
