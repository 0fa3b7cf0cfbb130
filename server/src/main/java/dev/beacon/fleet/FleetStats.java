package dev.beacon.fleet;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * What the fleet does, per User-Agent ({@code Company - Device - Version}), so operators can see
 * which firmware misbehaves: requests and what became of them, the reply codes devices heard, the
 * time between a device's updates, and the devices and addresses that flood ({@code 911}) or send
 * the most updates that change nothing ({@code 08}) over the last hour. Since this node started;
 * bounded: past {@code maxAgents} distinct agents, new ones count under {@link #OTHER}.
 * Thread-safe; counting is a hash lookup and a few adds.
 */
public final class FleetStats {

    /** What is counted. */
    public enum Event { REQUEST, FLOOD, BAD_TOKEN, NO_CHANGE, CHANGE, ERROR, BLOCKED }

    public static final String OTHER = "(other)";
    public static final String NONE = "(none)";
    private static final int MAX_AGENT_CHARS = 200;
    private static final int OFFENDERS_KEPT = 100;

    /** One agent's counts. */
    private static final class Row {
        final LongAdder[] events = new LongAdder[Event.values().length];
        final ConcurrentHashMap<String, LongAdder> codes = new ConcurrentHashMap<>();
        final IntervalHistogram intervals = new IntervalHistogram();

        Row() {
            for (int i = 0; i < events.length; i++) {
                events[i] = new LongAdder();
            }
        }
    }

    /**
     * One agent's figures as of a moment.
     *
     * @param events requests and their fate
     * @param codes how many replies of each native code (dyndns2 and DuckDNS replies counted as
     *     the native code they stand for)
     * @param medianUpdateSeconds the median time between a device's updates, or -1 when unknown
     * @param intervals how many times between updates fell in each of {@link #INTERVAL_BOUNDS}'
     *     bins: below the first bound, between each two, and above the last
     */
    public record AgentFigures(Map<Event, Long> events, Map<String, Long> codes, double medianUpdateSeconds,
            List<Long> intervals) {

        public AgentFigures {
            intervals = List.copyOf(intervals);
        }
    }

    /** Where the bins of the update interval distribution part, in seconds: 1 min, 5 min, 15 min, 1 h, 6 h, 1 day. */
    public static final List<Long> INTERVAL_BOUNDS = List.of(60L, 300L, 900L, 3600L, 21_600L, 86_400L);

    private final int maxAgents;
    private final ConcurrentHashMap<String, Row> rows = new ConcurrentHashMap<>();
    private final UpdateCadence cadence = new UpdateCadence(UpdateCadence.MAX_TRACKED);
    private final HeavyHitters devicesFlooding;
    private final HeavyHitters addressesFlooding;
    private final HeavyHitters devicesUnchanged;
    private final HeavyHitters addressesUnchanged;

    public FleetStats(int maxAgents) {
        this(maxAgents, System::currentTimeMillis);
    }

    public FleetStats(int maxAgents, LongSupplier clockMillis) {
        this.maxAgents = maxAgents;
        this.devicesFlooding = new HeavyHitters(OFFENDERS_KEPT, clockMillis);
        this.addressesFlooding = new HeavyHitters(OFFENDERS_KEPT, clockMillis);
        this.devicesUnchanged = new HeavyHitters(OFFENDERS_KEPT, clockMillis);
        this.addressesUnchanged = new HeavyHitters(OFFENDERS_KEPT, clockMillis);
    }

    public void count(String userAgent, Event event) {
        row(userAgent).events[event.ordinal()].increment();
    }

    /** Counts a reply code a device of this agent heard. */
    public void replied(String userAgent, String code) {
        row(userAgent).codes.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    /** A device sent an update (or add): measures the time since its previous one. */
    public void updateHeard(String userAgent, String zone, String device, long atMillis) {
        double seconds = cadence.heard(zone, device, atMillis);
        if (seconds >= 0) {
            row(userAgent).intervals.add(seconds);
        }
    }

    /**
     * A request refused with {@code 911}.
     *
     * @param device {@code zone/device id} when the device was known (its own limit), else null
     */
    public void flooded(String device, String address) {
        if (device != null) {
            devicesFlooding.add(device);
        }
        addressesFlooding.add(address);
    }

    /** An update that changed nothing ({@code 08}), from {@code zone/device id} at an address. */
    public void unchanged(String device, String address) {
        devicesUnchanged.add(device);
        addressesUnchanged.add(address);
    }

    /** The devices ({@code zone/device id}) refused with 911 most over the last hour. */
    public List<HeavyHitters.Hitter> devicesFlooding() {
        return devicesFlooding.top();
    }

    public List<HeavyHitters.Hitter> addressesFlooding() {
        return addressesFlooding.top();
    }

    /** The devices with the most 08 over the last hour. */
    public List<HeavyHitters.Hitter> devicesUnchanged() {
        return devicesUnchanged.top();
    }

    public List<HeavyHitters.Hitter> addressesUnchanged() {
        return addressesUnchanged.top();
    }

    /** One device in how many is tracked for update intervals. */
    public long cadenceSampling() {
        return cadence.sampling();
    }

    private Row row(String userAgent) {
        String agent = agentKey(userAgent);
        Row row = rows.get(agent);
        if (row == null) {
            row = rows.computeIfAbsent(rows.size() >= maxAgents ? OTHER : agent, k -> new Row());
        }
        return row;
    }

    /** The key an agent is counted under (blank: {@link #NONE}; very long: cut). */
    public static String agentKey(String userAgent) {
        return userAgent == null || userAgent.isBlank() ? NONE
                : userAgent.length() > MAX_AGENT_CHARS ? userAgent.substring(0, MAX_AGENT_CHARS) : userAgent;
    }

    /** A copy of the counts, by agent, then by event. */
    public Map<String, Map<Event, Long>> snapshot() {
        Map<String, Map<Event, Long>> out = new TreeMap<>();
        figures().forEach((agent, f) -> out.put(agent, f.events()));
        return Collections.unmodifiableMap(out);
    }

    /** Every agent's figures, by agent. */
    public Map<String, AgentFigures> figures() {
        Map<String, AgentFigures> out = new TreeMap<>();
        rows.forEach((agent, row) -> {
            Map<Event, Long> events = new EnumMap<>(Event.class);
            for (Event e : Event.values()) {
                events.put(e, row.events[e.ordinal()].sum());
            }
            Map<String, Long> codes = new TreeMap<>();
            row.codes.forEach((code, n) -> codes.put(code, n.sum()));
            out.put(agent, new AgentFigures(Collections.unmodifiableMap(events), Collections.unmodifiableMap(codes),
                    row.intervals.median(), row.intervals.binned(INTERVAL_BOUNDS)));
        });
        return Collections.unmodifiableMap(out);
    }

    /** Each event's count summed over every agent. */
    public Map<Event, Long> totals() {
        Map<Event, Long> out = new EnumMap<>(Event.class);
        for (Event e : Event.values()) {
            out.put(e, 0L);
        }
        rows.forEach((agent, row) -> {
            for (Event e : Event.values()) {
                out.merge(e, row.events[e.ordinal()].sum(), Long::sum);
            }
        });
        return Collections.unmodifiableMap(out);
    }
}
