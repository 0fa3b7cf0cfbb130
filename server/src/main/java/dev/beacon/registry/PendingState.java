package dev.beacon.registry;

import dev.beacon.record.Change;
import dev.beacon.record.DeviceMark;
import dev.beacon.record.NameRecord;
import dev.beacon.token.DeviceId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot with the changes of the commands decided so far in one batch laid over it, so each
 * command is decided against everything before it (two adds of one free name in one batch: the
 * second sees the first). Not thread-safe: owned by one batch on one thread. The overlay maps are
 * made on first write, so a read-only decision allocates almost nothing.
 */
final class PendingState {

    private record NameKey(String zone, String label) {
    }

    private record DeviceKey(String zone, DeviceId device) {
    }

    private final RegistrySnapshot base;
    /** Overlaid records; a key mapped to null is a name deleted in this batch. */
    private Map<NameKey, NameRecord> names;
    private Map<DeviceKey, List<String>> devices;
    private Map<DeviceKey, Boolean> marks;
    private List<Change> changes;

    PendingState(RegistrySnapshot base) {
        this.base = base;
    }

    RegistrySnapshot base() {
        return base;
    }

    NameRecord record(String zone, String label) {
        if (names != null) {
            NameKey key = new NameKey(zone, label);
            if (names.containsKey(key)) {
                return names.get(key);
            }
        }
        ZoneState state = base.zone(zone);
        return state == null ? null : state.record(label);
    }

    List<String> labelsOf(String zone, DeviceId device) {
        if (devices != null) {
            List<String> overlaid = devices.get(new DeviceKey(zone, device));
            if (overlaid != null) {
                return overlaid;
            }
        }
        ZoneState state = base.zone(zone);
        return state == null ? List.of() : state.labelsOf(device);
    }

    /** A zone's state before this batch, or null. */
    ZoneState zone(String zone) {
        return base.zone(zone);
    }

    /** True when the device is blocked, as of this batch. */
    boolean blocked(String zone, DeviceId device) {
        if (marks != null) {
            Boolean overlaid = marks.get(new DeviceKey(zone, device));
            if (overlaid != null) {
                return overlaid;
            }
        }
        ZoneState state = base.zone(zone);
        return state != null && state.blocked(device);
    }

    /** Blocks, unblocks or revokes a device, or sets its static secret. */
    void mark(String zone, DeviceMark mark, long atMillis, String actor) {
        if (marks == null) {
            marks = new HashMap<>();
        }
        if (!mark.isRevocation() && !mark.isSecret()) {
            marks.put(new DeviceKey(zone, mark.device()), mark.blocked());
        }
        changes().add(Change.marked(zone, mark, atMillis, actor));
    }

    /** Creates or replaces the record of {@code after.label()}. */
    void put(NameRecord after) {
        put(after, null);
    }

    /** Creates or replaces the record of {@code after.label()}, on behalf of {@code actor} (null: the device). */
    void put(NameRecord after, String actor) {
        NameRecord before = record(after.zone(), after.label());
        overlay(after.zone(), after.label(), after);
        if (before == null) {
            List<String> labels = new ArrayList<>(labelsOf(after.zone(), after.device()));
            labels.add(after.label());
            devices().put(new DeviceKey(after.zone(), after.device()), labels);
        }
        changes().add(Change.pending(after.zone(), after.label(), before, after, after.updatedMillis(), actor));
    }

    /** Deletes the record of a label, which must exist. */
    void delete(String zone, String label, long atMillis) {
        delete(zone, label, atMillis, null);
    }

    /** Deletes the record of a label, which must exist, on behalf of {@code actor} (null: the device). */
    void delete(String zone, String label, long atMillis, String actor) {
        NameRecord before = record(zone, label);
        if (before == null) {
            throw new IllegalStateException("no record " + label + "." + zone + " to delete");
        }
        overlay(zone, label, null);
        List<String> labels = new ArrayList<>(labelsOf(zone, before.device()));
        labels.remove(label);
        devices().put(new DeviceKey(zone, before.device()), labels);
        changes().add(Change.pending(zone, label, before, null, atMillis, actor));
    }

    /** The changes made so far, in order. */
    List<Change> changes() {
        if (changes == null) {
            changes = new ArrayList<>();
        }
        return changes;
    }

    boolean hasChanges() {
        return changes != null && !changes.isEmpty();
    }

    private void overlay(String zone, String label, NameRecord record) {
        if (names == null) {
            names = new HashMap<>();
        }
        names.put(new NameKey(zone, label), record);
    }

    private Map<DeviceKey, List<String>> devices() {
        if (devices == null) {
            devices = new HashMap<>();
        }
        return devices;
    }
}
