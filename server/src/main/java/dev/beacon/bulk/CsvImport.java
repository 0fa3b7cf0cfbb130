package dev.beacon.bulk;

import dev.beacon.ip.IpLiteral;
import dev.beacon.record.Addresses;
import dev.beacon.record.ExtraRecord;
import dev.beacon.record.InterfaceId;
import dev.beacon.record.Ipv6Prefix;
import dev.beacon.record.PrefixChange;
import dev.beacon.record.RecordsChange;
import dev.beacon.record.RequestMeta;
import dev.beacon.record.TxtChange;
import dev.beacon.registry.BulkLoad;
import dev.beacon.registry.Command;
import dev.beacon.registry.Decision;
import dev.beacon.store.StoreException;
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
 * <p>Every good row is decided by the registry's own rules ({@link BulkLoad}), so an import can do
 * nothing a device could not. Runs against the store directly, which the node lease keeps from
 * running beside a server. Not thread-safe.
 */
public final class CsvImport {

    /** Changes per transaction: large enough to amortise the fsync, small enough to show progress. */
    static final int CHUNK = 10_000;

    /** What an import did. */
    public record Report(long rows, long created, long updated, long unchanged, List<String> refused) {
        public Report {
            refused = List.copyOf(refused);
        }
    }

    private final BulkLoad registry;
    private final Zone zone;
    private final Clock clock;
    private final PrintStream progress;

    public CsvImport(BulkLoad registry, Zone zone, Clock clock, PrintStream progress) {
        this.registry = registry;
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
        String header = csv.readLine();
        String columns = header == null ? "" : header.strip().replace(" ", "").toLowerCase(Locale.ROOT);
        if (columns.startsWith("\uFEFF")) {
            columns = columns.substring(1);
        }
        if (!columns.equals(DeviceCsv.HEADER) && !columns.equals(DeviceCsv.HEADER_WITHOUT_EXTRAS)
                && !columns.equals(DeviceCsv.HEADER_ADDRESSES_ONLY)) {
            throw new IOException("the first line must be the header " + DeviceCsv.HEADER + " (or, from older files, "
                    + DeviceCsv.HEADER_WITHOUT_EXTRAS + " or " + DeviceCsv.HEADER_ADDRESSES_ONLY + ")");
        }
        int width = columns.split(",").length;
        long started = System.nanoTime();
        long rows = 0;
        List<Refusal> refused = new ArrayList<>();
        RequestMeta meta = new RequestMeta("beacon import", "import", clock.millis());
        List<Row.Good> chunk = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        Tally tally = new Tally(refused);
        int line = 1;
        for (String text; (text = csv.readLine()) != null; ) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            rows++;
            Row row = row(text, width);
            if (row instanceof Row.Refused r) {
                refused.add(new Refusal(line, r.problem()));
                continue;
            }
            Row.Good good = (Row.Good) row;
            registry.add(new Command.Add(zone, good.device(), good.label(), good.addresses(), good.prefix(), good.ttl(),
                    good.records(), good.fields(), good.txt(), meta, Command.AtLimit.REFUSE));
            chunk.add(good);
            lines.add(line);
            if (registry.pending() >= CHUNK) {
                commit(chunk, lines, tally, rows, started);
            }
        }
        commit(chunk, lines, tally, rows, started);
        refused.sort(java.util.Comparator.comparingInt(Refusal::line));
        return new Report(rows, tally.created, tally.updated, tally.unchanged,
                refused.stream().map(r -> "line " + r.line() + ": " + r.problem()).toList());
    }

    /** A refused row, by line number. */
    private record Refusal(int line, String problem) {
    }

    /** Running counts of what the committed chunks did. */
    private static final class Tally {
        final List<Refusal> refused;
        long created;
        long updated;
        long unchanged;

        Tally(List<Refusal> refused) {
            this.refused = refused;
        }
    }

    /** Commits the chunk and counts each row by what the registry decided for it. */
    private void commit(List<Row.Good> chunk, List<Integer> lines, Tally tally, long rows, long started)
            throws StoreException {
        List<Decision> decisions = registry.commit();
        for (int i = 0; i < decisions.size(); i++) {
            Row.Good good = chunk.get(i);
            int line = lines.get(i);
            switch (decisions.get(i).outcome()) {
                case CREATED -> tally.created++;
                case MODIFIED -> tally.updated++;
                case NO_CHANGE -> tally.unchanged++;
                case NAME_TAKEN -> tally.refused.add(new Refusal(line, "name '" + good.label() + "' is held by another device"));
                case AT_LIMIT -> tally.refused.add(new Refusal(line, "device already holds "
                        + String.join(", ", registry.labelsOf(zone.name(), good.device())) + " (max-names-per-device "
                        + zone.policy().maxNamesPerDevice() + ")"));
                default -> throw new IllegalStateException("an import add cannot end as " + decisions.get(i).outcome());
            }
        }
        chunk.clear();
        lines.clear();
        if (!decisions.isEmpty()) {
            double seconds = (System.nanoTime() - started) / 1e9;
            progress.printf(Locale.ROOT, "import: %,d rows read, %,.0f rows/s%n", rows, rows / Math.max(seconds, 1e-3));
        }
    }

    /** One CSV line, checked as the device API checks a request. */
    private sealed interface Row {
        /**
         * @param prefix the name's interface id exactly (none when the column is empty), under the
         *     prefix of its IPv6 address; {@link PrefixChange#NONE} to leave it (a file without the column)
         * @param ttl the name's TTL exactly (0: the zone's), or null to leave it (a file without the column)
         * @param records the name's CNAME and MX records exactly, or none to leave them (a file without the column)
         * @param txt the name's TXT values exactly, or null to leave them (a file without the column)
         */
        record Good(DeviceId device, String label, Addresses addresses, PrefixChange prefix, Integer ttl,
                RecordsChange records, Map<String, String> fields, TxtChange txt) implements Row {
        }

        record Refused(String problem) implements Row {
        }
    }

    private Row row(String text, int width) {
        List<String> fields = CsvRows.split(text);
        if (fields == null || fields.size() != width) {
            return new Row.Refused("expected " + width + " fields (" + (width == 4 ? DeviceCsv.HEADER_ADDRESSES_ONLY
                    : width == 6 ? DeviceCsv.HEADER_WITHOUT_EXTRAS : DeviceCsv.HEADER) + ")");
        }
        DeviceId device = DeviceId.parseOrNull(fields.get(0));
        if (device == null) {
            return new Row.Refused("invalid device id '" + fields.get(0) + "'");
        }
        HostLabel.Parsed label = HostLabel.parse(fields.get(1), zone);
        if (!label.ok()) {
            return new Row.Refused("invalid name '" + fields.get(1) + "' ("
                    + label.problem().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")");
        }
        Inet4Address v4 = null;
        Inet6Address v6 = null;
        if (!fields.get(2).isEmpty()) {
            InetAddress a = IpLiteral.parse(fields.get(2));
            if (!(a instanceof Inet4Address four) || !zone.policy().allows(a)) {
                return new Row.Refused("invalid ipv4 '" + fields.get(2) + "'");
            }
            v4 = four;
        }
        if (!fields.get(3).isEmpty()) {
            InetAddress a = IpLiteral.parse(fields.get(3));
            if (!(a instanceof Inet6Address six) || !zone.policy().allows(a)) {
                return new Row.Refused("invalid ipv6 '" + fields.get(3) + "'");
            }
            v6 = six;
        }
        Map<String, String> custom = Map.of();
        TxtChange txt = null;
        if (width >= 6) {
            custom = DeviceCsv.parseFields(fields.get(4));
            if (custom == null) {
                return new Row.Refused("invalid fields '" + fields.get(4) + "' (name=value&name=value, percent-encoded)");
            }
            String problem = normaliseFields(custom);
            if (problem != null) {
                return new Row.Refused(problem);
            }
            List<String> values = DeviceCsv.parseTxt(fields.get(5));
            if (values == null || !values.stream().allMatch(TxtChange::isValid)) {
                return new Row.Refused("invalid txt '" + fields.get(5) + "' (value&value, percent-encoded, each 1-255"
                        + " printable characters)");
            }
            txt = TxtChange.replacingWith(values);
        }
        PrefixChange prefix = PrefixChange.NONE;
        Integer ttl = null;
        RecordsChange records = RecordsChange.NONE;
        if (width == 9) {
            String column = fields.get(6);
            if (column.isEmpty()) {
                prefix = new PrefixChange(null, true, null);
            } else {
                InterfaceId iid = InterfaceId.parse(column);
                if (iid == null) {
                    return new Row.Refused("invalid ipv6_iid '" + column + "' (an interface id such as ::5/64)");
                }
                // The name's address is its interface id under the prefix of the row's address.
                prefix = new PrefixChange(iid, false, v6 == null ? null : Ipv6Prefix.of(v6, iid.prefixLength()));
            }
            String ttlColumn = fields.get(7);
            ttl = ttlColumn.isEmpty() ? Integer.valueOf(0) : ttl(ttlColumn);
            if (ttl == null) {
                return new Row.Refused("invalid ttl '" + ttlColumn + "' (seconds, " + zone.policy().ttl().min() + ".."
                        + zone.policy().ttl().max() + " in this zone, or empty for the zone's)");
            }
            records = records(fields.get(8));
            if (records == null) {
                return new Row.Refused("invalid records '" + fields.get(8) + "' (lines such as MX 10 mail.example.com,"
                        + " up to " + ExtraRecord.MAX_PER_KIND + " of a type, joined by &, each percent-encoded)");
            }
        }
        List<ExtraRecord> listed = records.replaced().values().stream().flatMap(List::stream).toList();
        boolean hasCname = listed.stream().anyMatch(r -> r.kind() == ExtraRecord.Kind.CNAME);
        boolean hasTxt = txt != null && !txt.added().isEmpty();
        long atTheName = listed.stream().filter(r -> !r.kind().belowTheName()).count();
        if (hasCname && (v4 != null || v6 != null || hasTxt || atTheName > 1)) {
            return new Row.Refused("a CNAME stands alone: no ipv4, ipv6, txt or MX beside it");
        }
        if (v4 == null && v6 == null && !hasTxt && listed.isEmpty()) {
            return new Row.Refused("no address (give ipv4, ipv6 or both)");
        }
        return new Row.Good(device, label.label(), new Addresses(v4, v6), prefix, ttl, records, custom, txt);
    }

    /** The records column as a change that sets every type to exactly what it lists, or null when malformed. */
    private static RecordsChange records(String column) {
        List<String> lines = DeviceCsv.parseTxt(column);
        if (lines == null) {
            return null;
        }
        Map<ExtraRecord.Kind, List<ExtraRecord>> replaced = new java.util.EnumMap<>(ExtraRecord.Kind.class);
        for (ExtraRecord.Kind kind : ExtraRecord.Kind.values()) {
            replaced.put(kind, new ArrayList<>());
        }
        for (String line : lines) {
            ExtraRecord r = ExtraRecord.parseLine(line);
            if (r == null) {
                return null;
            }
            replaced.get(r.kind()).add(r);
        }
        try {
            return new RecordsChange(replaced);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A TTL within the zone's bounds, or null. */
    private Integer ttl(String text) {
        if (text.length() > 7 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        int seconds = Integer.parseInt(text);
        return zone.policy().ttl().allows(seconds) ? seconds : null;
    }

    /**
     * Puts the custom fields in the form the device API stores them ({@code 08080} as {@code 8080});
     * returns why they do not fit the zone's, or null.
     */
    private String normaliseFields(Map<String, String> custom) {
        for (Map.Entry<String, String> e : custom.entrySet()) {
            dev.beacon.zone.FieldSpec spec = zone.fields().get(e.getKey());
            if (spec == null) {
                return "unknown field '" + e.getKey() + "' (the zone's fields: " + String.join(", ", zone.fields().keySet())
                        + ")";
            }
            String stored = spec.normalise(e.getValue());
            if (stored == null) {
                return "invalid value '" + e.getValue() + "' for field '" + e.getKey() + "'";
            }
            e.setValue(stored);
        }
        return null;
    }
}
