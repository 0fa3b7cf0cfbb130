package dev.beacon.store;

import dev.beacon.record.NameRecord;
import dev.beacon.token.DeviceId;
import java.util.List;

/**
 * A device as the store holds it: its names in a zone, oldest first, and when it was last heard
 * from (written in bulk every few seconds, so up to that much behind).
 */
public record DeviceRow(String zone, DeviceId device, List<NameRecord> names, long lastSeenMillis) {

    public DeviceRow {
        names = List.copyOf(names);
    }
}
