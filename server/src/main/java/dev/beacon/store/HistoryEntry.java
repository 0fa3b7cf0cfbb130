package dev.beacon.store;

import dev.beacon.record.Change;

/**
 * A journal entry about one device, with the origin of the batch that wrote it (its node's name
 * and the batch number), for the operator's history of the device.
 */
public record HistoryEntry(Change change, String origin) {

    /** The node that committed the entry: the part of the origin before the batch number. */
    public String node() {
        if (origin == null) {
            return null;
        }
        int dash = origin.lastIndexOf('-');
        return dash < 0 ? origin : origin.substring(0, dash);
    }
}
