package dev.beacon.admin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last hour of what the overview shows over time, read from the same meters {@code /metrics}
 * exposes (so the console and Prometheus never disagree): a reading every {@link #STEP_MILLIS},
 * kept for an hour. Thread-safe.
 */
final class ServiceHistory {

    private static final Logger log = LoggerFactory.getLogger(ServiceHistory.class);

    static final long STEP_MILLIS = 10_000;
    /** An hour of readings, and the one before the first. */
    private static final int KEPT = (int) (3_600_000 / STEP_MILLIS) + 1;

    /**
     * The counters at one moment, each since start.
     *
     * @param atMillis when
     * @param requests device requests
     * @param changes requests that changed a record
     * @param unchanged updates that changed nothing ({@code 08})
     * @param dnsReplies DNS replies sent
     * @param commits the writer's commits
     * @param commitSeconds their total duration
     */
    record Reading(long atMillis, long requests, long changes, long unchanged, long dnsReplies, long commits,
            double commitSeconds) {
    }

    /**
     * The rates between two readings, per minute.
     *
     * @param endMillis the later reading's time
     */
    record Rates(long endMillis, double requests, double changes, double unchanged) {
    }

    private final MeterRegistry meters;
    private final Reading[] ring = new Reading[KEPT];
    private int taken;

    ServiceHistory(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Takes a reading; called every {@link #STEP_MILLIS}. Never throws: a scheduled task that throws is never run again. */
    void sample(long nowMillis) {
        Reading r;
        try {
            r = read(nowMillis);
        } catch (RuntimeException e) {
            log.warn("overview reading failed", e);
            return;
        }
        synchronized (this) {
            ring[taken++ % KEPT] = r;
        }
    }

    /** The readings kept, oldest first. */
    synchronized List<Reading> readings() {
        List<Reading> out = new ArrayList<>();
        for (int i = Math.max(0, taken - KEPT); i < taken; i++) {
            out.add(ring[i % KEPT]);
        }
        return out;
    }

    /** The last hour as per-minute rates between consecutive readings, oldest first. */
    List<Rates> rates() {
        List<Reading> readings = readings();
        List<Rates> out = new ArrayList<>();
        for (int i = 1; i < readings.size(); i++) {
            Reading a = readings.get(i - 1);
            Reading b = readings.get(i);
            double perMinute = 60_000.0 / Math.max(1, b.atMillis() - a.atMillis());
            out.add(new Rates(b.atMillis(), (b.requests() - a.requests()) * perMinute,
                    (b.changes() - a.changes()) * perMinute, (b.unchanged() - a.unchanged()) * perMinute));
        }
        return out;
    }

    /** A reading now, for rates over the last minute against the one a minute before. */
    Reading read(long nowMillis) {
        Timer commit = meters.find("beacon.commit.duration").timer();
        return new Reading(nowMillis, events("request"), events("change"), events("no_change"),
                (long) meters.find("beacon.dns.replies").functionCounters().stream()
                        .mapToDouble(FunctionCounter::count).sum(),
                commit == null ? 0 : commit.count(), commit == null ? 0 : commit.totalTime(TimeUnit.SECONDS));
    }

    /** The reading closest to a minute before {@code now}, or the oldest when there is none that old. */
    synchronized Reading minuteBefore(long nowMillis) {
        Reading best = null;
        for (int i = Math.max(0, taken - KEPT); i < taken; i++) {
            Reading r = ring[i % KEPT];
            if (best == null || r.atMillis() <= nowMillis - 60_000) {
                best = r;
            }
        }
        return best;
    }

    private long events(String event) {
        FunctionCounter c = meters.find("beacon.device.events").tag("event", event).functionCounter();
        return c == null ? 0 : (long) c.count();
    }

    /** Device replies by native code since start, summed over dialects and endpoints. */
    Map<String, Long> replyCodes() {
        Map<String, Long> out = new TreeMap<>();
        for (Counter c : meters.find("beacon.device.requests").counters()) {
            String code = c.getId().getTag("code");
            if (code != null && !code.equals("none")) {
                out.merge(code, (long) c.count(), Long::sum);
            }
        }
        return out;
    }

    /** A gauge's value now, or -1 when this server has no such gauge. */
    double gauge(String name) {
        Gauge g = meters.find(name).gauge();
        return g == null ? -1 : g.value();
    }
}
