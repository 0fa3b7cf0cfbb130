package dev.beacon.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beacon.fleet.FleetStats;
import dev.beacon.fleet.HeavyHitters;
import dev.beacon.registry.Registry;
import dev.beacon.registry.ZoneState;
import dev.beacon.store.DeviceRow;
import dev.beacon.store.Store;
import dev.beacon.store.StoreException;
import dev.beacon.zone.Zone;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;

/**
 * The fleet report: per User-Agent (firmware), how many devices run it, how many requests they
 * sent, the share of each reply code, the median time between a device's updates; then the
 * offenders: devices and addresses refused with 911 most, sending the most 08 over the last hour,
 * and devices silent for days. Requests, codes and offenders are this node's since it started
 * (every zone's requests); device counts and silent devices are the zone's, from its state.
 */
final class FleetReport {

    static final int DEFAULT_SILENT_DAYS = 7;
    static final int DEFAULT_TOP = 10;
    private static final long DAY_MILLIS = 86_400_000L;

    private final Registry registry;
    private final Store store;
    private final FleetStats fleet;
    private final Clock clock;
    private final long startedMillis;

    FleetReport(Registry registry, Store store, FleetStats fleet, Clock clock) {
        this.registry = registry;
        this.store = store;
        this.fleet = fleet;
        this.clock = clock;
        this.startedMillis = clock.millis();
    }

    ObjectNode build(Zone zone, int silentDays, int top) {
        ObjectNode out = Json.object();
        out.put("zone", zone.name());
        out.put("since", Json.time(startedMillis));
        ArrayNode bounds = out.putArray("update_interval_bounds_seconds");
        FleetStats.INTERVAL_BOUNDS.forEach(bounds::add);
        Map<String, Long> devices = devicesByAgent(registry.snapshot().zone(zone.name()));
        Map<String, FleetStats.AgentFigures> figures = fleet.figures();
        Set<String> agents = new TreeSet<>(devices.keySet());
        agents.addAll(figures.keySet());
        List<ObjectNode> rows = new ArrayList<>();
        for (String agent : agents) {
            FleetStats.AgentFigures f = figures.get(agent);
            ObjectNode row = Json.object();
            row.put("user_agent", agent);
            row.put("devices", devices.getOrDefault(agent, 0L));
            row.put("requests", f == null ? 0 : f.events().get(FleetStats.Event.REQUEST));
            ObjectNode codes = row.putObject("codes");
            if (f != null) {
                long replies = f.codes().values().stream().mapToLong(Long::longValue).sum();
                f.codes().forEach((code, n) -> codes.put(code, Math.round(10_000.0 * n / replies) / 10_000.0));
            }
            ArrayNode intervals = row.putArray("update_intervals");
            for (int i = 0; i <= FleetStats.INTERVAL_BOUNDS.size(); i++) {
                intervals.add(f == null ? 0 : f.intervals().get(i));
            }
            if (f == null || f.medianUpdateSeconds() < 0) {
                row.putNull("median_update_seconds");
            } else {
                row.put("median_update_seconds", Math.round(f.medianUpdateSeconds()));
            }
            rows.add(row);
        }
        rows.sort(Comparator.comparingLong((ObjectNode r) -> r.get("requests").asLong()).reversed()
                .thenComparing(r -> r.get("user_agent").asText()));
        ArrayNode firmware = out.putArray("firmware");
        rows.forEach(firmware::add);

        ObjectNode offenders = out.putObject("offenders");
        String prefix = zone.name() + "/";
        devicesOf(offenders.putArray("devices_by_911"), fleet.devicesFlooding(), prefix, top, "count");
        addresses(offenders.putArray("addresses_by_911"), fleet.addressesFlooding(), top, "count");
        devicesOf(offenders.putArray("devices_by_08_per_hour"), fleet.devicesUnchanged(), prefix, top, "per_hour");
        addresses(offenders.putArray("addresses_by_08_per_hour"), fleet.addressesUnchanged(), top, "per_hour");
        offenders.put("silent_days", silentDays);
        ArrayNode silent = offenders.putArray("silent_devices");
        long now = clock.millis();
        try {
            for (DeviceRow row : store.silentDevices(zone.name(), now - silentDays * DAY_MILLIS, top)) {
                ObjectNode item = silent.addObject().put("device_id", row.device().value());
                ArrayNode names = item.putArray("names");
                row.names().forEach(r -> names.add(zone.fqdn(r.label())));
                item.put("last_seen", Json.time(row.lastSeenMillis()));
                item.put("silent_days", (now - row.lastSeenMillis()) / DAY_MILLIS);
            }
        } catch (StoreException e) {
            throw new CompletionException(e);
        }
        out.put("update_interval_sampling", fleet.cadenceSampling());
        return out;
    }

    /** Devices per agent of their most recently changed name, each device counted once, as the zone keeps them. */
    private static Map<String, Long> devicesByAgent(ZoneState state) {
        Map<String, Long> out = new HashMap<>();
        state.forEachAgent((agent, n) -> out.merge(FleetStats.agentKey(agent), n, Long::sum));
        return out;
    }

    private static void devicesOf(ArrayNode into, List<HeavyHitters.Hitter> hitters, String prefix, int top, String field) {
        for (HeavyHitters.Hitter h : hitters) {
            if (into.size() >= top) {
                return;
            }
            if (h.key().startsWith(prefix)) {
                into.addObject().put("device_id", h.key().substring(prefix.length())).put(field, h.count());
            }
        }
    }

    private static void addresses(ArrayNode into, List<HeavyHitters.Hitter> hitters, int top, String field) {
        for (HeavyHitters.Hitter h : hitters) {
            if (into.size() >= top) {
                return;
            }
            into.addObject().put("address", h.key()).put(field, h.count());
        }
    }
}
