package dev.beacon.logging;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * One kind of routine refusal (a bad token, a flood, a failed TLS handshake), logged at most
 * {@code perMinute} times a minute so an attack cannot fill the disk; the first line of each new
 * minute says how many were left out of the one before. Thread-safe.
 */
public final class ThrottledLog {

    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final Logger log;
    private final String kind;
    private final int perMinute;
    private final LongSupplier nanoTime;
    private long windowStart;
    private int logged;
    private long suppressed;

    /**
     * @param kind what is refused, for the suppression note ("refused tokens")
     */
    public ThrottledLog(Logger log, String kind, int perMinute, LongSupplier nanoTime) {
        this.log = log;
        this.kind = kind;
        this.perMinute = perMinute;
        this.nanoTime = nanoTime;
        this.windowStart = nanoTime.getAsLong();
    }

    /** Logs at WARN unless this minute's share is spent. Arguments as SLF4J's. */
    public void warn(String format, Object... args) {
        long left;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            left = 0;
            if (now - windowStart >= MINUTE) {
                left = suppressed;
                windowStart = now;
                logged = 0;
                suppressed = 0;
            }
            if (logged >= perMinute) {
                suppressed++;
                return;
            }
            logged++;
        }
        if (left > 0) {
            log.warn("{} more {} were not logged in the minute before", left, kind);
        }
        log.warn(format, args);
    }

    /** How many lines this minute has left out so far. */
    public synchronized long suppressed() {
        return suppressed;
    }
}
