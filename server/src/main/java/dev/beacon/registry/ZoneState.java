package dev.beacon.registry;

import dev.beacon.record.Change;
import dev.beacon.record.NameRecord;

import dev.beacon.token.DeviceId;
import dev.beacon.zone.Zone;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One zone's records as of one moment: the names, the index of names by device, and the journal
 * sequence number of the zone's last change (from which the SOA serial derives). Immutable;
 * readers keep a version as long as they like.
 */
public final class ZoneState {

    private final Zone zone;
    private final PersistentMap<String, NameRecord> names;
    /**
     * The labels of each device holding any: the label itself when it holds one (nearly every
     * device, so no list object per device), else an immutable list, oldest first.
     */
    private final PersistentMap<DeviceId, Object> devices;
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

    ZoneState(Zone zone, PersistentMap<String, NameRecord> names, PersistentMap<DeviceId, Object> devices,
            PersistentMap<DeviceId, Long> blocked, PersistentMap<String, Long> agents,
            PersistentMap<DeviceId, Long> floors, long lastSeq) {
        this(zone, names, devices, blocked, agents, floors, DeviceSecrets.NONE, lastSeq);
    }

    private ZoneState(Zone zone, PersistentMap<String, NameRecord> names, PersistentMap<DeviceId, Object> devices,
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
        return labels(devices.get(device));
    }

    /** The labels as the devices map holds them (see {@link #devices}); empty for null. */
    @SuppressWarnings("unchecked")
    private static List<String> labels(Object held) {
        return held == null ? List.of() : held instanceof String label ? List.of(label) : (List<String>) held;
    }

    /** The devices map's value for these labels (see {@link #devices}). */
    private static Object held(List<String> labels) {
        return labels.size() == 1 ? labels.get(0) : List.copyOf(labels);
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
        devices.forEach((device, held) -> action.accept(device, labels(held)));
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
        PersistentMap<DeviceId, Object> nextDevices = devices;
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
            PersistentMap<String, NameRecord> namesBefore, PersistentMap<DeviceId, Object> devicesBefore,
            PersistentMap<String, NameRecord> namesAfter, PersistentMap<DeviceId, Object> devicesAfter) {
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
            PersistentMap<DeviceId, Object> devices) {
        Object held = devices.get(device);
        if (held == null) {
            return null;
        }
        NameRecord latest = null;
        for (String label : labels(held)) {
            NameRecord r = names.get(label);
            if (r != null && (latest == null || r.updatedMillis() > latest.updatedMillis())) {
                latest = r;
            }
        }
        return latest == null ? null : latest.userAgent();
    }

    private static PersistentMap<DeviceId, Object> withLabel(PersistentMap<DeviceId, Object> devices,
            DeviceId device, String label) {
        List<String> next = new ArrayList<>(labels(devices.get(device)));
        next.add(label);
        return devices.plus(device, held(next));
    }

    private static PersistentMap<DeviceId, Object> withoutLabel(PersistentMap<DeviceId, Object> devices,
            DeviceId device, String label) {
        Object held = devices.get(device);
        if (held == null) {
            return devices;
        }
        List<String> next = new ArrayList<>(labels(held));
        next.remove(label);
        return next.isEmpty() ? devices.minus(device) : devices.plus(device, held(next));
    }

    /**
     * Builds a zone's state from its stored records in one go: what start-up does with every
     * name a zone holds. Of two records for one label the later one counts. A device's labels are
     * ordered oldest first (by creation time, then label), whatever order the records came in.
     */
    static final class Loader {
        /** Zones this large build their devices index on a second thread; smaller ones are not worth a thread. */
        private static final int PARALLEL_FROM = 50_000;
        private final Zone zone;
        private final long lastSeq;
        private final List<NameRecord> records = new ArrayList<>();

        Loader(Zone zone, long lastSeq) {
            this.zone = zone;
            this.lastSeq = lastSeq;
        }

        void add(NameRecord record) {
            records.add(record);
        }

        ZoneState build() {
            int n = records.size();
            Object[] values = records.toArray();
            records.clear();
            // A store holds one record per label, so the devices index of a large zone can be made
            // from the same records on the second core while this one makes the names map.
            CompletableFuture<DeviceIndex> indexed = n < PARALLEL_FROM
                    ? CompletableFuture.completedFuture(DeviceIndex.of(values, n))
                    : CompletableFuture.supplyAsync(() -> DeviceIndex.of(values, n),
                            task -> new Thread(task, "beacon-load-" + zone.name()).start());
            Object[] labels = new Object[n];
            for (int i = 0; i < n; i++) {
                labels[i] = ((NameRecord) values[i]).label();
            }
            PersistentMap<String, NameRecord> names = PersistentMap.of(labels, values, n);
            DeviceIndex index;
            try {
                index = indexed.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            if (names.size() != n) {
                // A label came twice: only the records that stayed count.
                Object[] kept = new Object[names.size()];
                int[] count = new int[1];
                names.forEach((label, record) -> kept[count[0]++] = record);
                index = DeviceIndex.of(kept, kept.length);
            }
            return new ZoneState(zone, names, index.devices, PersistentMap.empty(), index.agents, PersistentMap.empty(),
                    lastSeq);
        }
    }

    /**
     * The devices map and the User-Agent counts of a zone's records, made in one go: each
     * device's labels oldest first, and the User-Agent of its most recently updated name.
     */
    private record DeviceIndex(PersistentMap<DeviceId, Object> devices, PersistentMap<String, Long> agents) {

        /** The index of {@code records[0, n)}, one record per label. */
        static DeviceIndex of(Object[] records, int n) {
            // Sorted by their device's place in the devices map (its hash): a device's records are
            // one run, and the map is built without sorting again.
            long[] byDevice = new long[n];
            for (int i = 0; i < n; i++) {
                byDevice[i] = (long) PersistentMap.trieKey(((NameRecord) records[i]).device().hashCode()) << 32 | i;
            }
            Arrays.sort(byDevice);
            Object[] devices = new Object[n];
            Object[] held = new Object[n];
            Map<String, Long> agents = new HashMap<>();
            int d = 0;
            // Devices whose ids merely share a hash are told apart here; reused from run to run.
            Map<DeviceId, List<NameRecord>> sharing = new LinkedHashMap<>();
            for (int s = 0; s < n; ) {
                int t = s + 1;
                while (t < n && byDevice[t] >>> 32 == byDevice[s] >>> 32) {
                    t++;
                }
                if (t == s + 1) {
                    NameRecord only = (NameRecord) records[(int) byDevice[s]];
                    devices[d] = only.device();
                    held[d] = only.label();
                    agents.merge(only.userAgent(), 1L, Long::sum);
                    d++;
                    s = t;
                    continue;
                }
                sharing.clear();
                for (int i = s; i < t; i++) {
                    NameRecord r = (NameRecord) records[(int) byDevice[i]];
                    sharing.computeIfAbsent(r.device(), k -> new ArrayList<>(2)).add(r);
                }
                for (Map.Entry<DeviceId, List<NameRecord>> device : sharing.entrySet()) {
                    devices[d] = device.getKey();
                    NameRecord latest = oldestFirst(device.getValue(), held, d);
                    agents.merge(latest.userAgent(), 1L, Long::sum);
                    d++;
                }
                s = t;
            }
            Object[] agentNames = agents.keySet().toArray();
            Object[] agentCounts = new Object[agentNames.length];
            for (int i = 0; i < agentNames.length; i++) {
                agentCounts[i] = agents.get(agentNames[i]);
            }
            return new DeviceIndex(PersistentMap.of(devices, held, d),
                    PersistentMap.of(agentNames, agentCounts, agentNames.length));
        }

        /**
         * Puts a device's labels, oldest first, in {@code held[at]} as the devices map holds them;
         * returns the record whose User-Agent counts for the device (the most recently updated,
         * the oldest such).
         */
        private static NameRecord oldestFirst(List<NameRecord> records, Object[] held, int at) {
            if (records.size() == 1) {
                held[at] = records.get(0).label();
                return records.get(0);
            }
            records.sort(Comparator.comparingLong(NameRecord::createdMillis).thenComparing(NameRecord::label));
            NameRecord latest = records.get(0);
            List<String> labels = new ArrayList<>(records.size());
            for (NameRecord r : records) {
                labels.add(r.label());
                if (r.updatedMillis() > latest.updatedMillis()) {
                    latest = r;
                }
            }
            held[at] = List.copyOf(labels);
            return latest;
        }
    }
}
