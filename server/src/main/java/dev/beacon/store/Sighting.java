package dev.beacon.store;

import dev.beacon.token.DeviceId;

/** A device was heard from at {@code atMillis} (its last-seen time). */
public record Sighting(String zone, DeviceId device, long atMillis) {
}
