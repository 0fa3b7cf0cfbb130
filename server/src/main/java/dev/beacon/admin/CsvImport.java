package dev.beacon.admin;

import dev.beacon.ip.AddressKind;
import dev.beacon.ip.IpLiteral;
import dev.beacon.record.Addresses;
import dev.beacon.record.Change;
import dev.beacon.record.NameRecord;
import dev.beacon.record.RequestMeta;
import dev.beacon.store.Store;
import dev.beacon.store.StoreException;
import dev.beacon.store.StoredState;
import dev.beacon.token.DeviceId;
import dev.beacon.zone.HostLabel;
import dev.beacon.zone.Zone;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loads devices in bulk from CSV ({@code device_id,name,ipv4,ipv6}; either address may be empty),
 * for migrations from another DDNS service and for provisioning a production batch.
 *
 * <p>Every row is checked as the device API checks it (device id, hostname rules, address
 * rules and the zone's policy); a bad row is reported with its line number and skipped, and the
 * good ones go on. A row creates the name for the device, or updates it when the device already
 * holds it; a name held by another device, or a device already at its name limit, is a bad row
 * (an import never renames). Changes are committed in chunks of {@link #CHUNK}, journalled like
 * any other change, so the zone serial advances.
 *
 * <p>Runs against the store directly: run it while no server uses the same database, or restart
 * the server afterwards. Not thread-safe.
 */
public final class CsvImport {

    /** Changes per transaction: large enough to amortise the fsync, small enough to show progress. */
    static final int CHUNK = 10_000;
    static final String HEADER = "device_id,name,ipv4,ipv6";

    /** What an import did. */
    public record Report(long rows, long created, long updated, long unchanged, List<String> refused) {
        public Report {
            refused = List.copyOf(refused);
        }
    }

    private final Store store;
    private final Zone zone;
    private final Clock clock;
    private final PrintStream progress;
    private final Map<String, NameRecord> names = new HashMap<>();
    private final Map<DeviceId, List<String>> devices = new HashMap<>();
    private final List<Change> pending = new ArrayList<>();

    public CsvImport(Store store, Zone zone, Clock clock, PrintStream progress) {
        this.store = store;
        this.zone = zone;
        this.clock = clock;
        this.progress = progress;
    }

    /**
     * Imports every good row of {@code csv}.
     *
     * @throws IOException when the file cannot be read or has no header line
     * @throws StoreException when a commit fails (earlier chunks stay committed)
     */
    public Report run(BufferedReader csv) throws IOException, StoreException {
        StoredState stored = store.load();
        for (NameRecord r : stored.records()) {
            if (r.zone().equals(zone.name())) {
                names.put(r.label(), r);
                devices.computeIfAbsent(r.device(), d -> new ArrayList<>()).add(r.label());
            }
        }
        String header = csv.readLine();
        if (header == null || !header.strip().replace(" ", "").toLowerCase(Locale.ROOT).equals(HEADER)) {
            throw new IOException("the first line must be the header " + HEADER);
        }
        long started = System.nanoTime();
        long rows = 0;
        long created = 0;
        long updated = 0;
        long unchanged = 0;
        List<String> refused = new ArrayList<>();
        RequestMeta meta = new RequestMeta("beacon import", "import", clock.millis());
        int line = 1;
        for (String text; (text = csv.readLine()) != null; ) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            rows++;
            RowResult result = row(text, meta);
            switch (result.kind()) {
                case CREATED -> created++;
                case UPDATED -> updated++;
                case UNCHANGED -> unchanged++;
                case REFUSED -> refused.add("line " + line + ": " + result.problem());
            }
            if (pending.size() >= CHUNK) {
                commit(rows, started);
            }
        }
        commit(rows, started);
        return new Report(rows, created, updated, unchanged, refused);
    }

    /** What became of one row; {@code problem} says why when it was refused. */
    private record RowResult(Kind kind, String problem) {
        enum Kind { CREATED, UPDATED, UNCHANGED, REFUSED }

        static final RowResult CREATED = new RowResult(Kind.CREATED, null);
        static final RowResult UPDATED = new RowResult(Kind.UPDATED, null);
        static final RowResult UNCHANGED = new RowResult(Kind.UNCHANGED, null);

        static RowResult refused(String problem) {
            return new RowResult(Kind.REFUSED, problem);
        }
    }

    private RowResult row(String text, RequestMeta meta) {
        List<String> fields = CsvRows.split(text);
        if (fields == null || fields.size() != 4) {
            return RowResult.refused("expected 4 fields (" + HEADER + ")");
        }
        DeviceId device = DeviceId.parseOrNull(fields.get(0));
        if (device == null) {
            return RowResult.refused("invalid device id '" + fields.get(0) + "'");
        }
        HostLabel.Parsed label = HostLabel.parse(fields.get(1), zone);
        if (!label.ok()) {
            return RowResult.refused("invalid name '" + fields.get(1) + "' (" + label.problem().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")");
        }
        Inet4Address v4 = null;
        Inet6Address v6 = null;
        if (!fields.get(2).isEmpty()) {
            InetAddress a = IpLiteral.parse(fields.get(2));
            if (!(a instanceof Inet4Address four) || !allowed(a)) {
                return RowResult.refused("invalid ipv4 '" + fields.get(2) + "'");
            }
            v4 = four;
        }
        if (!fields.get(3).isEmpty()) {
            InetAddress a = IpLiteral.parse(fields.get(3));
            if (!(a instanceof Inet6Address six) || !allowed(a)) {
                return RowResult.refused("invalid ipv6 '" + fields.get(3) + "'");
            }
            v6 = six;
        }
        if (v4 == null && v6 == null) {
            return RowResult.refused("no address (give ipv4, ipv6 or both)");
        }
        Addresses addresses = new Addresses(v4, v6);
        NameRecord holder = names.get(label.label());
        if (holder != null && !holder.device().equals(device)) {
            return RowResult.refused("name '" + label.label() + "' is held by another device");
        }
        if (holder != null) {
            if (holder.unchangedBy(addresses, Map.of(), null)) {
                return RowResult.UNCHANGED;
            }
            put(holder, holder.merged(addresses, Map.of(), null, meta));
            return RowResult.UPDATED;
        }
        List<String> held = devices.getOrDefault(device, List.of());
        if (held.size() >= zone.policy().maxNamesPerDevice()) {
            return RowResult.refused("device already holds " + String.join(", ", held) + " (max-names-per-device "
                    + zone.policy().maxNamesPerDevice() + ")");
        }
        put(null, new NameRecord(zone.name(), label.label(), device, addresses, Map.of(), List.of(), meta.userAgent(),
                meta.source(), meta.atMillis(), meta.atMillis(), 0));
        devices.computeIfAbsent(device, d -> new ArrayList<>()).add(label.label());
        return RowResult.CREATED;
    }

    private boolean allowed(InetAddress address) {
        AddressKind kind = AddressKind.of(address);
        return kind == AddressKind.PUBLIC || kind == AddressKind.NON_PUBLIC && !zone.policy().publicOnly();
    }

    private void put(NameRecord before, NameRecord after) {
        names.put(after.label(), after);
        pending.add(Change.pending(zone.name(), after.label(), before, after, after.updatedMillis()));
    }

    private void commit(long rows, long started) throws StoreException {
        if (pending.isEmpty()) {
            return;
        }
        store.commit(pending);
        pending.clear();
        double seconds = (System.nanoTime() - started) / 1e9;
        progress.printf(Locale.ROOT, "import: %,d rows read, %,.0f rows/s%n", rows, rows / Math.max(seconds, 1e-3));
    }
}
