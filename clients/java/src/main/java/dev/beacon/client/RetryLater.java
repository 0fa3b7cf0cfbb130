package dev.beacon.client;

import java.io.IOException;

/** The server asked the client to come back later (911 or a server error), maybe saying when. */
public final class RetryLater extends IOException {

    private final long retryAfterSeconds;

    public RetryLater(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
