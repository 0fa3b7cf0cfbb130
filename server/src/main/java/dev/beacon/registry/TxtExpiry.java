package dev.beacon.registry;

import dev.beacon.record.NameRecord;
import dev.beacon.record.RequestMeta;
import dev.beacon.zone.Zone;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Has each TXT value leave its name once its zone's {@code txt-ttl} has passed since it was set:
 * a sweep over the names in memory, then one registry change per name with values that old, so
 * the value leaves DNS (and secondaries, by IXFR) and the journal says why ({@link #actor}). Run
 * on the maintenance thread; a node that cannot write does not sweep.
 */
public final class TxtExpiry implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(TxtExpiry.class);
    private static final Duration MOST = Duration.ofSeconds(60);
    private static final Duration LEAST = Duration.ofSeconds(1);

    private final Registry registry;
    private final Clock clock;

    public TxtExpiry(Registry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** How often to sweep: a minute, or half the shortest {@code txt-ttl} when that is less (at least a second). */
    public static Duration interval(List<Zone> zones) {
        Duration every = MOST;
        for (Zone zone : zones) {
            long seconds = zone.policy().txtTtlSeconds();
            if (seconds > 0 && Duration.ofSeconds(seconds).dividedBy(2).compareTo(every) < 0) {
                every = Duration.ofSeconds(seconds).dividedBy(2);
            }
        }
        return every.compareTo(LEAST) < 0 ? LEAST : every;
    }

    /** Who the journal names for an expiry under this {@code txt-ttl}. */
    static String actor(long txtTtlSeconds) {
        return "txt-ttl (set more than " + txtTtlSeconds + " s ago)";
    }

    @Override
    public void run() {
        try {
            sweep();
        } catch (RuntimeException e) {
            // The next sweep tries again; a fault here must not end the maintenance thread.
            log.warn("TXT expiry sweep failed: {}", e.toString());
        }
    }

    /** One pass: asks the registry to drop every TXT value older than its zone's {@code txt-ttl}; returns how many names had some. */
    int sweep() {
        long now = clock.millis();
        int names = 0;
        for (ZoneState state : registry.snapshot().zones()) {
            long ttl = state.zone().policy().txtTtlSeconds();
            if (ttl == 0) {
                continue;
            }
            long cutoff = now - ttl * 1000;
            for (Iterator<NameRecord> records = state.records(); records.hasNext(); ) {
                NameRecord r = records.next();
                if (hasTxtBefore(r, cutoff)) {
                    names++;
                    registry.apply(new Command.ExpireTxt(state.zone(), r.label(), cutoff, actor(ttl),
                            new RequestMeta("beacon txt-ttl", "", now)));
                }
            }
        }
        return names;
    }

    private static boolean hasTxtBefore(NameRecord r, long cutoff) {
        for (int i = 0; i < r.txt().size(); i++) {
            if (r.txtSetAt(i) < cutoff) {
                return true;
            }
        }
        return false;
    }
}
