package dev.beacon.registry;

import dev.beacon.record.Addresses;
import dev.beacon.record.RequestMeta;

import dev.beacon.token.DeviceId;
import dev.beacon.zone.Zone;
import java.util.Map;

/**
 * A change a verified device asks of the registry. Inputs are already validated: labels are
 * legal, addresses allowed, fields normalised.
 */
public sealed interface Command {

    Zone zone();

    DeviceId device();

    RequestMeta meta();

    /** Take {@code label} (create, keep, or rename to it). */
    record Add(Zone zone, DeviceId device, String label, Addresses addresses, Map<String, String> fields,
            RequestMeta meta) implements Command {
        public Add {
            fields = Map.copyOf(fields);
        }
    }

    /** Change the addresses and fields of every name the device holds. */
    record Update(Zone zone, DeviceId device, Addresses addresses, Map<String, String> fields,
            RequestMeta meta) implements Command {
        public Update {
            fields = Map.copyOf(fields);
        }
    }

    /** Release every name the device holds. */
    record Remove(Zone zone, DeviceId device, RequestMeta meta) implements Command {
    }
}
