package dev.beacon.registry;

import dev.beacon.record.Change;
import dev.beacon.record.NameRecord;

import dev.beacon.token.DeviceId;
import dev.beacon.zone.Zone;
import java.util.ArrayList;
import java.util.List;

/**
 * One zone's records as of one moment: the names, the index of names by device, and the journal
 * sequence number of the zone's last change (from which the SOA serial derives). Immutable;
 * readers keep a version as long as they like.
 */
public final class ZoneState {

    private final Zone zone;
    private final PersistentMap<String, NameRecord> names;
    private final PersistentMap<DeviceId, List<String>> devices;
    /** Blocked devices, with when they were blocked. */
    private final PersistentMap<DeviceId, Long> blocked;
    private final long lastSeq;

    ZoneState(Zone zone, PersistentMap<String, NameRecord> names, PersistentMap<DeviceId, List<String>> devices,
            PersistentMap<DeviceId, Long> blocked, long lastSeq) {
        this.zone = zone;
        this.names = names;
        this.devices = devices;
        this.blocked = blocked;
        this.lastSeq = lastSeq;
    }

    /** A zone holding no names, at {@code lastSeq} (a catalog zone, whose serial is not the journal's). */
    public static ZoneState empty(Zone zone, long lastSeq) {
        return new ZoneState(zone, PersistentMap.empty(), PersistentMap.empty(), PersistentMap.empty(), lastSeq);
    }

    public Zone zone() {
        return zone;
    }

    /** The record of a label, or null. */
    public NameRecord record(String label) {
        return names.get(label);
    }

    /**
     * The record of the label {@code matcher} accepts among labels whose {@code String.hashCode()}
     * is {@code hash}, or null: a lookup by a label still in a packet, without building a String.
     */
    public NameRecord recordMatching(int hash, LabelMatcher matcher) {
        return names.getMatching(hash, matcher);
    }

    /** The labels a device holds, oldest first; empty when none. */
    public List<String> labelsOf(DeviceId device) {
        List<String> labels = devices.get(device);
        return labels == null ? List.of() : labels;
    }

    /** Journal sequence number of the last change in this zone (0 when it never changed). */
    public long lastSeq() {
        return lastSeq;
    }

    public int size() {
        return names.size();
    }

    /** How many devices hold at least one name. */
    public int deviceCount() {
        return devices.size();
    }

    /** True when an operator blocked the device: its requests are refused before any database work. */
    public boolean blocked(DeviceId device) {
        return blocked.get(device) != null;
    }

    /** When the device was blocked, or null when it is not. */
    public Long blockedSince(DeviceId device) {
        return blocked.get(device);
    }

    /** Calls {@code action} for every record, in no particular order. */
    public void forEach(java.util.function.Consumer<NameRecord> action) {
        names.forEach((label, record) -> action.accept(record));
    }

    /** Calls {@code action} for every device holding a name, with its labels (oldest first), in no particular order. */
    public void forEachDevice(java.util.function.BiConsumer<DeviceId, List<String>> action) {
        devices.forEach(action);
    }

    /** The records, in no particular order, read lazily from this state (a zone transfer's walk). */
    public java.util.Iterator<NameRecord> records() {
        return names.values();
    }

    /** The state after a committed change. */
    ZoneState apply(Change change) {
        if (change.isMark()) {
            DeviceId device = change.mark().device();
            PersistentMap<DeviceId, Long> nextBlocked = change.mark().blocked()
                    ? blocked.plus(device, change.atMillis()) : blocked.minus(device);
            // A mark changes nothing DNS serves, so the serial stays.
            return new ZoneState(zone, names, devices, nextBlocked, lastSeq);
        }
        PersistentMap<String, NameRecord> nextNames = change.after() == null
                ? names.minus(change.label())
                : names.plus(change.label(), change.after());
        PersistentMap<DeviceId, List<String>> nextDevices = devices;
        NameRecord before = change.before();
        NameRecord after = change.after();
        if (before != null && (after == null || !before.device().equals(after.device()))) {
            nextDevices = withoutLabel(nextDevices, before.device(), change.label());
        }
        if (after != null && (before == null || !before.device().equals(after.device()))) {
            nextDevices = withLabel(nextDevices, after.device(), change.label());
        }
        return new ZoneState(zone, nextNames, nextDevices, blocked, Math.max(lastSeq, change.seq()));
    }

    /** The state with a stored record added, as loading does. */
    ZoneState load(NameRecord record) {
        return new ZoneState(zone, names.plus(record.label(), record),
                withLabel(devices, record.device(), record.label()), blocked, lastSeq);
    }

    /** The state with a stored block added, as loading does. */
    ZoneState loadBlock(DeviceId device, long sinceMillis) {
        return new ZoneState(zone, names, devices, blocked.plus(device, sinceMillis), lastSeq);
    }

    private static PersistentMap<DeviceId, List<String>> withLabel(PersistentMap<DeviceId, List<String>> devices,
            DeviceId device, String label) {
        List<String> labels = devices.get(device);
        List<String> next = new ArrayList<>(labels == null ? List.of() : labels);
        next.add(label);
        return devices.plus(device, List.copyOf(next));
    }

    private static PersistentMap<DeviceId, List<String>> withoutLabel(PersistentMap<DeviceId, List<String>> devices,
            DeviceId device, String label) {
        List<String> labels = devices.get(device);
        if (labels == null) {
            return devices;
        }
        List<String> next = new ArrayList<>(labels);
        next.remove(label);
        return next.isEmpty() ? devices.minus(device) : devices.plus(device, List.copyOf(next));
    }
}
