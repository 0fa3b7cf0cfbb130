package dev.beacon.dns;

import java.util.concurrent.CompletableFuture;

/** Decides RFC 2136 updates; the update package implements it. */
public interface UpdateService {

    /**
     * Decides a signed update; completes with the RCODE of its answer (RFC 2136 §2.2) once what it
     * changed is durable, on whatever thread finished it.
     */
    CompletableFuture<Integer> apply(UpdateRequest request);
}
