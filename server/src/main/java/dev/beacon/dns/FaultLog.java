package dev.beacon.dns;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs faults of the query path at most once every 10 s, with a count of the rest, so a packet
 * that trips a bug cannot flood the log. Thread-safe.
 */
final class FaultLog {

    private final Logger log;
    private final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE / 2);
    private final AtomicLong suppressed = new AtomicLong();

    FaultLog(Logger log) {
        this.log = log;
    }

    void fault(String what, Throwable e) {
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last >= 10_000_000_000L && lastLogged.compareAndSet(last, now)) {
            log.error("{} (and {} more since the last report); answered SERVFAIL", what, suppressed.getAndSet(0), e);
        } else {
            suppressed.incrementAndGet();
        }
    }
}
