package dev.beacon.webhook;

import java.util.Locale;

/** What a webhook can be told of. */
public enum WebhookEvent {
    /** A name's IPv4 or IPv6 address changed. */
    ADDRESS_CHANGED,
    /** A name was created (a new device, or a rename's new name). */
    NAME_ADDED,
    /** A name was released (by its device, a rename, or an operator). */
    NAME_RELEASED;

    /** The event's name on the wire and in the config: {@code address-changed}... */
    public String text() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The event spelled as {@link #text()}, or null. */
    public static WebhookEvent parse(String text) {
        for (WebhookEvent e : values()) {
            if (e.text().equals(text)) {
                return e;
            }
        }
        return null;
    }
}
