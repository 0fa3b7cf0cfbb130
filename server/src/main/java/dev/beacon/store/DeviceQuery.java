package dev.beacon.store;

/**
 * One page of the operator's device list, after a position (keyset pagination: a page is an index
 * range however deep, and devices added or removed meanwhile neither repeat nor shift the ones
 * after). A search looks at a bounded window of the zone's names per page ({@link #SEARCH_WINDOW}),
 * so a rare match never means a walk of the whole zone: a page may then hold fewer than
 * {@code limit} devices and still say where the next one starts.
 *
 * @param zone only this zone, or null for every zone (required for the last-seen orders)
 * @param text what to look for, or null: an address (exact), or else a name prefix, a device id
 *     prefix or a User-Agent substring, case-insensitive
 * @param order the order of the list
 * @param after where the previous page ended, or null for the first page
 * @param limit at most this many devices
 * @param window how many names a search looks at in each zone per page
 */
public record DeviceQuery(String zone, String text, Order order, Position after, int limit, int window) {

    /** Names a search looks at per page, in each zone. */
    public static final int SEARCH_WINDOW = 100_000;

    /** The list's order. */
    public enum Order {
        /** By zone, then device id. */
        DEVICE,
        /** Longest silent first: by last-seen time, then device id. */
        LAST_SEEN,
        /** Most recently heard first. */
        LAST_SEEN_DESC
    }

    /**
     * A place in the list: after this device.
     *
     * @param zone its zone
     * @param device its id
     * @param seenMillis its last-seen time (used by the last-seen orders)
     */
    public record Position(String zone, String device, long seenMillis) {
    }

    public DeviceQuery {
        if (order != Order.DEVICE && zone == null) {
            throw new IllegalArgumentException("a last-seen order needs a zone");
        }
        if (window < 1) {
            throw new IllegalArgumentException("a search window holds at least one name");
        }
    }

    /** A query whose searches look at {@link #SEARCH_WINDOW} names a page. */
    public DeviceQuery(String zone, String text, Order order, Position after, int limit) {
        this(zone, text, order, after, limit, SEARCH_WINDOW);
    }
}
