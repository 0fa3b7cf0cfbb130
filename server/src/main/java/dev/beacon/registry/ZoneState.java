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
    /**
     * How many devices run each User-Agent, by that of each device's most recently updated name:
     * kept as changes come, so the fleet report never walks a million devices to count them.
     */
    private final PersistentMap<String, Long> agents;
    /** Revoked devices: the lowest version 2 key generation each still may use. */
    private final PersistentMap<DeviceId, Long> floors;
    /** The devices' static secrets, for third-party clients. */
    private final DeviceSecrets secrets;
    private final long lastSeq;

    ZoneState(Zone zone, PersistentMap<String, NameRecord> names, PersistentMap<DeviceId, List<String>> devices,
            PersistentMap<DeviceId, Long> blocked, PersistentMap<String, Long> agents,
            PersistentMap<DeviceId, Long> floors, long lastSeq) {
        this(zone, names, devices, blocked, agents, floors, DeviceSecrets.NONE, lastSeq);
    }

    private ZoneState(Zone zone, PersistentMap<String, NameRecord> names, PersistentMap<DeviceId, List<String>> devices,
            PersistentMap<DeviceId, Long> blocked, PersistentMap<String, Long> agents,
            PersistentMap<DeviceId, Long> floors, DeviceSecrets secrets, long lastSeq) {
        this.secrets = secrets;
        this.zone = zone;
        this.names = names;
        this.devices = devices;
        this.blocked = blocked;
        this.agents = agents;
        this.floors = floors;
        this.lastSeq = lastSeq;
    }

    /** A zone holding no names, at {@code lastSeq} (a catalog zone, whose serial is not the journal's). */
    public static ZoneState empty(Zone zone, long lastSeq) {
        return new ZoneState(zone, PersistentMap.empty(), PersistentMap.empty(), PersistentMap.empty(),
                PersistentMap.empty(), PersistentMap.empty(), lastSeq);
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

    /**
     * The lowest version 2 key generation the device may still use: 0 unless an operator revoked
     * its keys (then one above every generation it had).
     */
    public long generationFloor(DeviceId device) {
        Long floor = floors.get(device);
        return floor == null ? 0 : floor;
    }

    /** When the device was blocked, or null when it is not. */
    public Long blockedSince(DeviceId device) {
        return blocked.get(device);
    }

    /**
     * Calls {@code action} for every User-Agent with how many devices run it (the User-Agent of
     * each device's most recently updated name), in no particular order.
     */
    public void forEachAgent(java.util.function.BiConsumer<String, Long> action) {
        agents.forEach(action);
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
            if (change.mark().isRevocation()) {
                return withFloor(device, change.mark().generation());
            }
            if (change.mark().isSecret()) {
                return withSecret(device, change.mark().secretHash());
            }
            PersistentMap<DeviceId, Long> nextBlocked = change.mark().blocked()
                    ? blocked.plus(device, change.atMillis()) : blocked.minus(device);
            // A mark changes nothing DNS serves, so the serial stays.
            return new ZoneState(zone, names, devices, nextBlocked, agents, floors, secrets, lastSeq);
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
        PersistentMap<String, Long> nextAgents = agents;
        if (before != null) {
            nextAgents = recount(nextAgents, before.device(), names, devices, nextNames, nextDevices);
        }
        if (after != null && (before == null || !before.device().equals(after.device()))) {
            nextAgents = recount(nextAgents, after.device(), names, devices, nextNames, nextDevices);
        }
        return new ZoneState(zone, nextNames, nextDevices, blocked, nextAgents, floors, secrets,
                Math.max(lastSeq, change.seq()));
    }

    /** The state with a stored record added, as loading does. */
    ZoneState load(NameRecord record) {
        PersistentMap<String, NameRecord> nextNames = names.plus(record.label(), record);
        PersistentMap<DeviceId, List<String>> nextDevices = withLabel(devices, record.device(), record.label());
        return new ZoneState(zone, nextNames, nextDevices, blocked,
                recount(agents, record.device(), names, devices, nextNames, nextDevices), floors, secrets, lastSeq);
    }

    /** The state with a stored block added, as loading does. */
    ZoneState loadBlock(DeviceId device, long sinceMillis) {
        return new ZoneState(zone, names, devices, blocked.plus(device, sinceMillis), agents, floors, secrets, lastSeq);
    }

    /** The state with the device's static secret set (its hash) or, with null, revoked; as loading does too. */
    ZoneState withSecret(DeviceId device, String hash) {
        // A secret changes nothing DNS serves, so the serial stays.
        return new ZoneState(zone, names, devices, blocked, agents, floors, secrets.with(device, hash), lastSeq);
    }

    /** The device whose static secret has this SHA-256 (hex), or null. */
    public DeviceId secretHolder(String hash) {
        return secrets.holder(hash);
    }

    /** Whether the device holds a static secret. */
    public boolean hasSecret(DeviceId device) {
        return secrets.has(device);
    }

    /** The state with a device's generation floor raised (never lowered): a revocation, or loading one. */
    ZoneState withFloor(DeviceId device, long generation) {
        if (generation <= generationFloor(device)) {
            return this;
        }
        // A revocation changes nothing DNS serves, so the serial stays.
        return new ZoneState(zone, names, devices, blocked, agents, floors.plus(device, generation), secrets, lastSeq);
    }

    /** The agent counts after a device's names went from the first maps to the second. */
    private static PersistentMap<String, Long> recount(PersistentMap<String, Long> agents, DeviceId device,
            PersistentMap<String, NameRecord> namesBefore, PersistentMap<DeviceId, List<String>> devicesBefore,
            PersistentMap<String, NameRecord> namesAfter, PersistentMap<DeviceId, List<String>> devicesAfter) {
        String was = agentOf(device, namesBefore, devicesBefore);
        String now = agentOf(device, namesAfter, devicesAfter);
        if (java.util.Objects.equals(was, now)) {
            return agents;
        }
        PersistentMap<String, Long> out = agents;
        if (was != null) {
            long left = out.get(was) - 1;
            out = left == 0 ? out.minus(was) : out.plus(was, left);
        }
        if (now != null) {
            Long n = out.get(now);
            out = out.plus(now, n == null ? 1 : n + 1);
        }
        return out;
    }

    /** The User-Agent of a device's most recently updated name (the first such, oldest name first), or null. */
    private static String agentOf(DeviceId device, PersistentMap<String, NameRecord> names,
            PersistentMap<DeviceId, List<String>> devices) {
        List<String> labels = devices.get(device);
        if (labels == null) {
            return null;
        }
        NameRecord latest = null;
        for (String label : labels) {
            NameRecord r = names.get(label);
            if (r != null && (latest == null || r.updatedMillis() > latest.updatedMillis())) {
                latest = r;
            }
        }
        return latest == null ? null : latest.userAgent();
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
