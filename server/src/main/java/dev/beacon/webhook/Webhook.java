package dev.beacon.webhook;

import java.net.URI;
import java.util.EnumSet;
import java.util.Set;

/**
 * A receiver of a zone's changes.
 *
 * @param zone the zone whose changes it receives
 * @param url where events are POSTed (http or https; redirects are not followed)
 * @param secret the HMAC-SHA256 key that signs each event
 * @param events which events it receives
 */
public record Webhook(String zone, URI url, String secret, Set<WebhookEvent> events) {

    public Webhook {
        events = events.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(events));
    }

    /** The hook's name in the outbox: its zone and URL. */
    public String id() {
        return zone + " " + url;
    }

    @Override
    public String toString() {
        return "Webhook[" + id() + ", " + events + "]";
    }
}
