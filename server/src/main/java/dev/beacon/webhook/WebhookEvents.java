package dev.beacon.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beacon.record.Change;
import dev.beacon.record.NameRecord;
import dev.beacon.store.OutboxEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which events committed changes raise, for which hooks, and their JSON: {@code event, zone,
 * name, device_id, ipv4, ipv6, old_ipv4, old_ipv6, time, seq, by}. A change of custom fields
 * alone, or a device blocked, raises none. Immutable.
 */
public final class WebhookEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, List<Webhook>> byZone = new HashMap<>();

    public WebhookEvents(List<Webhook> hooks) {
        for (Webhook h : hooks) {
            byZone.computeIfAbsent(h.zone(), z -> new ArrayList<>()).add(h);
        }
    }

    public boolean isEmpty() {
        return byZone.isEmpty();
    }

    /** The outbox entries a commit's changes raise. */
    public List<OutboxEntry> of(List<Change> committed) {
        List<OutboxEntry> out = new ArrayList<>();
        for (Change c : committed) {
            List<Webhook> hooks = byZone.get(c.zone());
            WebhookEvent event = hooks == null ? null : eventOf(c);
            if (event == null) {
                continue;
            }
            String body = null;
            for (Webhook h : hooks) {
                if (h.events().contains(event)) {
                    body = body == null ? body(event, c) : body;
                    out.add(new OutboxEntry(h.id(), c.seq(), event.text(), body, c.atMillis()));
                }
            }
        }
        return out;
    }

    static WebhookEvent eventOf(Change c) {
        if (c.isMark()) {
            return null;
        }
        if (c.before() == null) {
            return WebhookEvent.NAME_ADDED;
        }
        if (c.after() == null) {
            return WebhookEvent.NAME_RELEASED;
        }
        return Objects.equals(c.before().addresses(), c.after().addresses()) ? null : WebhookEvent.ADDRESS_CHANGED;
    }

    private static String body(WebhookEvent event, Change c) {
        NameRecord now = c.after();
        NameRecord old = c.before();
        ObjectNode o = JSON.createObjectNode();
        o.put("event", event.text());
        o.put("zone", c.zone());
        o.put("name", c.label() + "." + c.zone());
        o.put("device_id", c.device().value());
        o.put("ipv4", now == null ? null : now.addresses().v4Text());
        o.put("ipv6", now == null ? null : now.addresses().v6Text());
        o.put("old_ipv4", old == null ? null : old.addresses().v4Text());
        o.put("old_ipv6", old == null ? null : old.addresses().v6Text());
        o.put("time", Instant.ofEpochMilli(c.atMillis()).toString());
        o.put("seq", c.seq());
        o.put("by", c.actor() == null ? "device" : c.actor());
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serialises", e);
        }
    }
}
