package dev.beacon.fleet;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request counts per User-Agent ({@code Company - Device - Version}), so operators can see which
 * firmware misbehaves. Bounded: past {@code maxAgents} distinct agents, new ones count under
 * {@link #OTHER}. Thread-safe; counting is a hash lookup and an add.
 */
public final class FleetStats {

    /** What is counted. */
    public enum Event { REQUEST, FLOOD, BAD_TOKEN, NO_CHANGE, CHANGE, ERROR }

    public static final String OTHER = "(other)";
    public static final String NONE = "(none)";
    private static final int MAX_AGENT_CHARS = 200;

    private final int maxAgents;
    private final ConcurrentHashMap<String, LongAdder[]> counts = new ConcurrentHashMap<>();

    public FleetStats(int maxAgents) {
        this.maxAgents = maxAgents;
    }

    public void count(String userAgent, Event event) {
        String agent = userAgent == null || userAgent.isBlank() ? NONE
                : userAgent.length() > MAX_AGENT_CHARS ? userAgent.substring(0, MAX_AGENT_CHARS) : userAgent;
        LongAdder[] row = counts.get(agent);
        if (row == null) {
            row = counts.computeIfAbsent(counts.size() >= maxAgents ? OTHER : agent, k -> newRow());
        }
        row[event.ordinal()].increment();
    }

    /** A copy of the counts, by agent, then by event. */
    public Map<String, Map<Event, Long>> snapshot() {
        Map<String, Map<Event, Long>> out = new TreeMap<>();
        counts.forEach((agent, row) -> {
            Map<Event, Long> m = new EnumMap<>(Event.class);
            for (Event e : Event.values()) {
                m.put(e, row[e.ordinal()].sum());
            }
            out.put(agent, Collections.unmodifiableMap(m));
        });
        return Collections.unmodifiableMap(out);
    }

    /** Each event's count summed over every agent. */
    public Map<Event, Long> totals() {
        Map<Event, Long> out = new EnumMap<>(Event.class);
        for (Event e : Event.values()) {
            out.put(e, 0L);
        }
        counts.forEach((agent, row) -> {
            for (Event e : Event.values()) {
                out.merge(e, row[e.ordinal()].sum(), Long::sum);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    private static LongAdder[] newRow() {
        LongAdder[] row = new LongAdder[Event.values().length];
        for (int i = 0; i < row.length; i++) {
            row[i] = new LongAdder();
        }
        return row;
    }
}
