package dev.beacon.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beacon.record.Change;
import dev.beacon.record.NameRecord;
import dev.beacon.store.DeviceRow;
import dev.beacon.store.HistoryEntry;
import dev.beacon.zone.Zone;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A device and its history as the operator API shows them. The data shown (addresses, fields,
 * User-Agent, source) is that of the device's most recently changed name: a device's names
 * normally carry the same data, as an update changes all of them.
 */
final class DeviceView {

    private DeviceView() {
    }

    /** The list item: {@code device_id, zone, names[], ipv4, ipv6, fields{}, user_agent, source, created, updated, last_seen, blocked}. */
    static ObjectNode item(Zone zone, DeviceRow row, boolean blocked) {
        ObjectNode item = Json.object();
        item.put("device_id", row.device().value());
        item.put("zone", zone.name());
        ArrayNode names = item.putArray("names");
        row.names().forEach(r -> names.add(zone.fqdn(r.label())));
        NameRecord latest = row.names().stream().max(Comparator.comparingLong(NameRecord::updatedMillis)).orElse(null);
        item.put("ipv4", latest == null ? null : latest.addresses().v4Text());
        item.put("ipv6", latest == null ? null : latest.addresses().v6Text());
        ObjectNode fields = item.putObject("fields");
        if (latest != null) {
            latest.fields().forEach(fields::put);
        }
        item.put("user_agent", latest == null ? null : latest.userAgent());
        item.put("source", latest == null ? null : latest.source());
        item.put("created", Json.time(row.names().stream().mapToLong(NameRecord::createdMillis).min().orElse(0)));
        item.put("updated", Json.time(latest == null ? 0 : latest.updatedMillis()));
        item.put("last_seen", Json.time(row.lastSeenMillis()));
        item.put("blocked", blocked);
        return item;
    }

    /**
     * One history entry: {@code seq, time, name, change, changes{field: {old, new}}, by}, where
     * {@code change} is {@code created}, {@code updated}, {@code released}, {@code blocked} or
     * {@code unblocked}, and {@code by} names the admin token or the node that committed a
     * device's own request.
     */
    static ObjectNode history(Zone zone, HistoryEntry entry) {
        Change c = entry.change();
        ObjectNode out = Json.object();
        out.put("seq", c.seq());
        out.put("time", Json.time(c.atMillis()));
        out.put("name", c.isMark() ? null : zone.fqdn(c.label()));
        out.put("change", c.isMark() ? c.mark().isRevocation() ? "revoked" : c.mark().isSecret()
                ? c.mark().secretHash() == null ? "secret-revoked" : "secret-set" : c.mark().blocked() ? "blocked" : "unblocked"
                : c.before() == null ? "created" : c.after() == null ? "released" : "updated");
        ObjectNode changes = out.putObject("changes");
        if (c.isMark() && c.mark().isRevocation()) {
            changes.putObject("key_generation").putNull("old").put("new", "at least " + c.mark().generation());
        }
        Map<String, String> before = attributes(c.before());
        Map<String, String> after = attributes(c.after());
        java.util.Set<String> keys = new java.util.TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            String old = before.get(key);
            String now = after.get(key);
            if (!Objects.equals(old, now)) {
                ObjectNode diff = changes.putObject(key);
                diff.put("old", old);
                diff.put("new", now);
            }
        }
        out.put("by", c.actor() != null ? c.actor() : "device (node " + entry.node() + ")");
        return out;
    }

    /** What an operator compares between two versions of a name. */
    private static Map<String, String> attributes(NameRecord r) {
        Map<String, String> out = new LinkedHashMap<>();
        if (r == null) {
            return out;
        }
        out.put("ipv4", r.addresses().v4Text());
        out.put("ipv6", r.addresses().v6Text());
        if (r.interfaceId() != null) {
            out.put("ipv6_interface_id", r.interfaceId().text());
        }
        if (r.ttl() != 0) {
            out.put("ttl", Integer.toString(r.ttl()));
        }
        if (!r.records().isEmpty()) {
            out.put("records", String.join(", ", r.records().stream().map(dev.beacon.record.ExtraRecord::line).toList()));
        }
        r.fields().forEach((k, v) -> out.put("fields." + k, v));
        if (!r.txt().isEmpty()) {
            out.put("txt", String.join(" ", r.txt()));
        }
        out.put("user_agent", r.userAgent());
        out.put("source", r.source());
        return out;
    }

    /** Rows to items, in order. */
    static ArrayNode items(List<ObjectNode> items) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        items.forEach(out::add);
        return out;
    }
}
