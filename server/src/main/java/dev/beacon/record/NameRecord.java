package dev.beacon.record;

import dev.beacon.token.DeviceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One name in a zone and what it points to: the registry's unit of data, of storage and of
 * the change journal. Immutable.
 *
 * @param zone the zone apex
 * @param label the label under the apex (lowercase LDH)
 * @param device the device that holds the name
 * @param addresses what the name resolves to
 * @param extras its interface id and TTL when it has either, else null ({@link #interfaceId()}, {@link #ttl()})
 * @param fields the zone's custom fields as the device last sent them, by name
 * @param txt TXT values, oldest first (within the zone's {@link TxtLimits}), served at the name and at
 *     {@code _acme-challenge.} the name
 * @param userAgent User-Agent of the request that last modified the record
 * @param source client address of the request that last modified the record
 * @param createdMillis when the name was created
 * @param updatedMillis when its data last changed
 * @param seq journal sequence number of the change that made this version (0 until committed)
 */
public record NameRecord(String zone, String label, DeviceId device, Addresses addresses, NameExtras extras,
        Map<String, String> fields, List<String> txt, String userAgent, String source, long createdMillis,
        long updatedMillis, long seq) {

    /**
     * Held instead of a source that is the record's own IPv4 address, as it is for a device that
     * updates from its WAN address (most of a fleet): {@link #source()} writes the text again when
     * asked, so a million names do not each hold 56 bytes of it. Compared by identity only.
     */
    private static final String SOURCE_IS_V4 = new String("(its IPv4 address)");

    public NameRecord {
        fields = fields.isEmpty() ? Map.of() : java.util.Collections.unmodifiableSortedMap(new TreeMap<>(fields));
        txt = List.copyOf(txt);
        if (extras != null && !extras.txtSetAt().isEmpty() && extras.txtSetAt().size() != txt.size()) {
            throw new IllegalArgumentException(extras.txtSetAt().size() + " TXT times for " + txt.size() + " values");
        }
        // One empty string for every record without one: a zone keeps a million of these.
        userAgent = userAgent == null || userAgent.isEmpty() ? "" : userAgent;
        source = source == null || source.isEmpty() ? "" : source;
        if (source != SOURCE_IS_V4 && addresses.isV4Text(source)) {
            source = SOURCE_IS_V4;
        }
    }

    /** A record without extras: its IPv6 address, if any, as given, its TTL the zone's. */
    public NameRecord(String zone, String label, DeviceId device, Addresses addresses, Map<String, String> fields,
            List<String> txt, String userAgent, String source, long createdMillis, long updatedMillis, long seq) {
        this(zone, label, device, addresses, null, fields, txt, userAgent, source, createdMillis, updatedMillis, seq);
    }

    /** The interface id its IPv6 address follows its device's prefix with, or null when the address is as given. */
    public InterfaceId interfaceId() {
        return extras == null ? null : extras.interfaceId();
    }

    /** Its records' TTL, or 0 for the zone's. */
    public int ttl() {
        return extras == null ? 0 : extras.ttl();
    }

    /** Its records' TTL in a zone whose own is {@code zoneTtl}. */
    public int ttlOr(int zoneTtl) {
        return extras == null || extras.ttl() == 0 ? zoneTtl : extras.ttl();
    }

    /** Client address of the request that last modified the record (empty when none was known). */
    @Override
    public String source() {
        return source == SOURCE_IS_V4 ? addresses.v4Text() : source;
    }

    /** Its CNAME, MX, SRV and TLSA records (none for most names). */
    public List<ExtraRecord> records() {
        return extras == null ? List.of() : extras.records();
    }

    /** Its CNAME, or null. */
    public ExtraRecord cname() {
        return cnameIn(records());
    }

    private static ExtraRecord cnameIn(List<ExtraRecord> records) {
        for (ExtraRecord r : records) {
            if (r.kind() == ExtraRecord.Kind.CNAME) {
                return r;
            }
        }
        return null;
    }

    /**
     * True when merging these addresses, prefix change, TTL ({@code null}: kept; 0: the zone's),
     * record types and fields would change nothing. Answers the common no-change update without
     * building a record.
     */
    public boolean unchangedBy(Addresses update, PrefixChange prefixChange, Integer ttlChange, RecordsChange recordsChange,
            Map<String, String> fieldUpdate, TxtChange txtChange) {
        List<ExtraRecord> records = recordsAfter(recordsChange);
        boolean cname = cnameIn(records) != null;
        if (!addressesAfter(update, prefixChange, cname).equals(addresses)
                || txtChange != null && !txtAfter(txtChange, cname, 0).values().equals(txt)
                || cname && !txt.isEmpty()
                || refreshes(txtChange, cname)
                || !java.util.Objects.equals(extrasAfter(prefixChange, ttlChange, records, storedTxtTimes()), extras)) {
            return false;
        }
        for (Map.Entry<String, String> e : fieldUpdate.entrySet()) {
            if (!e.getValue().equals(fields.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private InterfaceId interfaceIdAfter(PrefixChange change) {
        if (change.clearInterfaceId()) {
            return null;
        }
        return change.interfaceId() != null ? change.interfaceId() : interfaceId();
    }

    private NameExtras extrasAfter(PrefixChange change, Integer ttlChange, List<ExtraRecord> records, List<Long> txtTimes) {
        return NameExtras.of(interfaceIdAfter(change), ttlChange == null ? ttl() : ttlChange, records, txtTimes);
    }

    private List<Long> storedTxtTimes() {
        return extras == null ? List.of() : extras.txtSetAt();
    }

    /** When its {@code i}th TXT value was set (epoch millis); its update time when that is not known. */
    public long txtSetAt(int i) {
        List<Long> times = storedTxtTimes();
        return times.isEmpty() ? updatedMillis : times.get(i);
    }

    /**
     * This record without the TXT values set before {@code cutoff} (epoch millis), as their
     * expiry leaves it; null when none is that old. The rest of the record stays as it is.
     */
    public NameRecord withoutTxtSetBefore(long cutoff, long atMillis) {
        List<String> values = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < txt.size(); i++) {
            if (txtSetAt(i) >= cutoff) {
                values.add(txt.get(i));
                times.add(txtSetAt(i));
            }
        }
        if (values.size() == txt.size()) {
            return null;
        }
        return new NameRecord(zone, label, device, addresses, NameExtras.of(interfaceId(), ttl(), records(),
                values.isEmpty() ? List.of() : times), fields, values, userAgent, source(), createdMillis, atMillis, 0);
    }

    /**
     * Whether a TXT change sets a value afresh: adding one restarts its {@code txt-ttl}, even one
     * the name has (a change, then); replacing the values with the ones it has is none.
     */
    private static boolean refreshes(TxtChange change, boolean cname) {
        return !cname && change != null && !change.clear() && !change.added().isEmpty();
    }

    /** TXT values with the time each was set, in their order. */
    private record TxtState(List<String> values, List<Long> times) {
    }

    /**
     * The records after a change. A CNAME stands alone at its name (RFC 1034 §3.6.2): with one,
     * nothing else is kept at the name; SRV and TLSA records, which live below it, stay.
     */
    private List<ExtraRecord> recordsAfter(RecordsChange change) {
        List<ExtraRecord> next = change.apply(records());
        if (cnameIn(next) == null) {
            return next;
        }
        return next.stream().filter(r -> r.kind() == ExtraRecord.Kind.CNAME || r.kind().belowTheName()).toList();
    }

    private TxtState txtAfter(TxtChange change, boolean cname, long now) {
        if (cname) {
            return new TxtState(List.of(), List.of());
        }
        return change == null ? new TxtState(txt, storedTxtTimes()) : withTxt(change, now);
    }

    /**
     * The addresses after a request: each family it carries replaced, except that a name with an
     * interface id takes its IPv6 address only from a prefix (the request's, or when the request
     * gives the name a new interface id and no prefix, its current address's), never from the
     * request's IPv6 address (given or the client's: a router's own); and a name with a CNAME has
     * none.
     */
    private Addresses addressesAfter(Addresses update, PrefixChange change, boolean cname) {
        if (cname) {
            return Addresses.NONE;
        }
        InterfaceId iid = interfaceIdAfter(change);
        if (iid == null) {
            return addresses.merge(update);
        }
        Addresses next = addresses.merge(update.withoutV6());
        Ipv6Prefix prefix = change.prefix();
        if (prefix != null) {
            return next.withV6(iid.highUnder(prefix.high()), iid.lowUnder(prefix.low()));
        }
        if (change.interfaceId() != null && addresses.hasV6()) {
            return next.withV6(iid.highUnder(addresses.v6High()), iid.lowUnder(addresses.v6Low()));
        }
        return next;
    }

    public NameRecord withSeq(long newSeq) {
        return new NameRecord(zone, label, device, addresses, extras, fields, txt, userAgent, source,
                createdMillis, updatedMillis, newSeq);
    }

    /**
     * The TXT values after a change: cleared and/or values added, each set {@code now} (one it
     * already has moves to the end); the oldest go past the zone's limits.
     */
    private TxtState withTxt(TxtChange change, long now) {
        List<String> next = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        if (!change.clear()) {
            next.addAll(txt);
            for (int i = 0; i < txt.size(); i++) {
                times.add(txtSetAt(i));
            }
        }
        for (String value : change.added()) {
            int at = next.indexOf(value);
            if (at >= 0) {
                times.remove(at);
                next.remove(at);
            }
            next.add(value);
            times.add(now);
            while (next.size() > change.limits().values() || next.size() > 1 && bytes(next) > change.limits().bytes()) {
                next.remove(0);
                times.remove(0);
            }
        }
        return new TxtState(next, next.isEmpty() ? List.of() : times);
    }

    private static int bytes(List<String> values) {
        int n = 0;
        for (String v : values) {
            n += v.length();
        }
        return n;
    }

    /** This record with the request's addresses, prefix change, TTL, record types and fields merged in, stamped with its metadata. */
    public NameRecord merged(Addresses update, PrefixChange prefixChange, Integer ttlChange, RecordsChange recordsChange,
            Map<String, String> fieldUpdate, TxtChange txtChange, RequestMeta meta) {
        Map<String, String> nextFields = fields;
        if (!fieldUpdate.isEmpty()) {
            TreeMap<String, String> m = new TreeMap<>(fields);
            m.putAll(fieldUpdate);
            nextFields = m;
        }
        List<ExtraRecord> records = recordsAfter(recordsChange);
        boolean cname = cnameIn(records) != null;
        TxtState txtAfter = txtAfter(txtChange, cname, meta.atMillis());
        // TXT values as they were keep their times as they were stored (none for old ones).
        List<Long> times = txtAfter.values().equals(txt) && !refreshes(txtChange, cname) ? storedTxtTimes()
                : txtAfter.times();
        return new NameRecord(zone, label, device, addressesAfter(update, prefixChange, cname),
                extrasAfter(prefixChange, ttlChange, records, times), nextFields, txtAfter.values(), meta.userAgent(),
                meta.source(), createdMillis, meta.atMillis(), 0);
    }

    /** A record for another label carrying this one's data, as a rename makes. */
    public NameRecord renamed(String newLabel, long atMillis) {
        return new NameRecord(zone, newLabel, device, addresses, extras, fields, txt, userAgent, source, atMillis,
                atMillis, 0);
    }
}
