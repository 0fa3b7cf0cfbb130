package dev.beacon.update;

import dev.beacon.record.Addresses;
import dev.beacon.record.ExtraRecord;
import dev.beacon.record.InterfaceId;
import dev.beacon.record.NameExtras;
import dev.beacon.record.NameRecord;
import dev.beacon.record.TxtLimits;
import dev.beacon.zone.UpdatableType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * A device's name as an update sees it while deciding: its RRsets at the name, at its
 * {@code _acme-challenge} and under it, changed one edit at a time (RFC 2136 §3.4.2), then made a
 * record again. Beacon keeps one address of each family and one TTL per name, so adding an A or
 * AAAA replaces the one there, and a record's TTL becomes the name's. Mutable; one per name per
 * decision.
 */
final class NameDraft {

    private final NameRecord before;
    private boolean hasV4;
    private int v4;
    private boolean hasV6;
    private long v6High;
    private long v6Low;
    private InterfaceId interfaceId;
    private final List<String> txt;
    private final List<Long> txtTimes;
    private final List<ExtraRecord> records;
    private int ttl;

    NameDraft(NameRecord before) {
        this.before = before;
        Addresses a = before.addresses();
        hasV4 = a.hasV4();
        v4 = a.v4Bits();
        hasV6 = a.hasV6();
        v6High = a.v6High();
        v6Low = a.v6Low();
        interfaceId = before.interfaceId();
        txt = new ArrayList<>(before.txt());
        txtTimes = new ArrayList<>();
        for (int i = 0; i < txt.size(); i++) {
            txtTimes.add(before.txtSetAt(i));
        }
        records = new ArrayList<>(before.records());
        ttl = before.ttl();
    }

    /** Whether any record lives at the place (RFC 2136 "name is in use"). */
    boolean inUse(Place place) {
        if (place.isChallenge()) {
            return !txt.isEmpty();
        }
        if (place.isName()) {
            return hasV4 || hasV6 || !txt.isEmpty() || records.stream().anyMatch(r -> r.owner().isEmpty());
        }
        return records.stream().anyMatch(r -> r.owner().equals(place.prefix()));
    }

    /** The RRset of a type at the place, each record as {@link #valueOf} gives an update's. */
    List<Object> rrset(Place place, UpdatableType type) {
        List<Object> out = new ArrayList<>();
        if (!place.holds(type)) {
            return out;
        }
        switch (type) {
            case A -> {
                if (hasV4) {
                    out.add(new RData.V4(v4));
                }
            }
            case AAAA -> {
                if (hasV6) {
                    out.add(new RData.V6(v6High, v6Low));
                }
            }
            case TXT -> txt.forEach(v -> out.add(new RData.Txt(List.of(v))));
            default -> records.stream().filter(r -> r.kind() == type.kind() && r.owner().equals(ownerOf(place)))
                    .forEach(out::add);
        }
        return out;
    }

    /**
     * An update's record data as this draft compares it: an address or TXT as read, a CNAME, MX,
     * SRV or TLSA as the record Beacon would keep (its data as read when Beacon cannot keep it, which
     * then matches nothing).
     */
    static Object valueOf(Place place, RData data) {
        if (data instanceof RData.Extra extra) {
            ExtraRecord record = extra.at(ownerOf(place));
            return record == null ? data : record;
        }
        return data;
    }

    private static String ownerOf(Place place) {
        return place.isBelow() ? place.prefix() : "";
    }

    private boolean hasCname() {
        return records.stream().anyMatch(r -> r.kind() == ExtraRecord.Kind.CNAME);
    }

    /** Whether the name itself holds anything but a CNAME (what a CNAME may not stand beside). */
    private boolean hasOtherThanCname() {
        return hasV4 || hasV6 || !txt.isEmpty()
                || records.stream().anyMatch(r -> r.owner().isEmpty() && r.kind() != ExtraRecord.Kind.CNAME);
    }

    /**
     * Adds a record, with the rules of RFC 2136 §3.4.2.2: a duplicate is ignored, a CNAME is
     * ignored beside other data and other data beside a CNAME, and a CNAME replaces the one there.
     *
     * @param value what {@link #valueOf} made of the data: a V4, V6, Txt of one string, or ExtraRecord
     * @param recordTtl the record's TTL, which becomes the name's (ignored for TXT, which keeps the name's)
     * @return false when the name would hold more records of the type than Beacon keeps
     */
    boolean add(UpdatableType type, Object value, int recordTtl, int zoneTtl, TxtLimits txtLimits, long now) {
        // SRV and TLSA live below the name, so a CNAME at it does not exclude them.
        boolean atTheName = type.kind() == null || !type.kind().belowTheName();
        boolean cnameBlocks = atTheName && type != UpdatableType.CNAME && hasCname();
        if (cnameBlocks || type == UpdatableType.CNAME && hasOtherThanCname()) {
            return true;
        }
        switch (type) {
            case A -> {
                hasV4 = true;
                v4 = ((RData.V4) value).bits();
            }
            case AAAA -> {
                RData.V6 v6 = (RData.V6) value;
                hasV6 = true;
                v6High = v6.high();
                v6Low = v6.low();
                interfaceId = null;
            }
            case TXT -> {
                addTxt(((RData.Txt) value).strings().get(0), txtLimits, now);
                return true;
            }
            case CNAME -> {
                records.removeIf(r -> r.kind() == ExtraRecord.Kind.CNAME);
                records.add((ExtraRecord) value);
            }
            default -> {
                ExtraRecord record = (ExtraRecord) value;
                if (records.contains(record)) {
                    return true;
                }
                if (records.stream().filter(r -> r.kind() == record.kind()).count() >= ExtraRecord.MAX_PER_KIND) {
                    return false;
                }
                records.add(record);
            }
        }
        ttl = recordTtl == zoneTtl ? 0 : recordTtl;
        return true;
    }

    /** A new TXT value, set now; past the zone's limits the oldest go, as on every other path. */
    private void addTxt(String value, TxtLimits limits, long now) {
        if (txt.contains(value)) {
            return;
        }
        txt.add(value);
        txtTimes.add(now);
        while (txt.size() > limits.values() || txt.size() > 1 && bytes(txt) > limits.bytes()) {
            txt.remove(0);
            txtTimes.remove(0);
        }
    }

    private static int bytes(List<String> values) {
        return values.stream().mapToInt(String::length).sum();
    }

    /** Deletes the RRset of a type at the place. */
    void deleteRrset(Place place, UpdatableType type) {
        switch (type) {
            case A -> hasV4 = false;
            case AAAA -> {
                hasV6 = false;
                interfaceId = null;
            }
            case TXT -> {
                txt.clear();
                txtTimes.clear();
            }
            default -> records.removeIf(r -> r.kind() == type.kind() && r.owner().equals(ownerOf(place)));
        }
    }

    /** Deletes every RRset at the place of the types given (those the key may change there). */
    void deleteAll(Place place, Set<UpdatableType> types) {
        for (UpdatableType type : types) {
            deleteRrset(place, type);
        }
    }

    /** Deletes one record from the place's RRset of its type, if it is there. */
    void delete(Place place, UpdatableType type, Object value) {
        switch (type) {
            case A -> {
                if (hasV4 && value.equals(new RData.V4(v4))) {
                    hasV4 = false;
                }
            }
            case AAAA -> {
                if (hasV6 && value.equals(new RData.V6(v6High, v6Low))) {
                    hasV6 = false;
                    interfaceId = null;
                }
            }
            case TXT -> {
                int at = value instanceof RData.Txt t && t.strings().size() == 1 ? txt.indexOf(t.strings().get(0)) : -1;
                if (at >= 0) {
                    txt.remove(at);
                    txtTimes.remove(at);
                }
            }
            default -> records.remove(value);
        }
    }

    /** The record after the edits, from {@code source} at {@code now}; null when nothing of it differs. */
    NameRecord result(String source, long now) {
        Addresses addresses = Addresses.ofBits(hasV4, hasV4 ? v4 : 0, hasV6, hasV6 ? v6High : 0, hasV6 ? v6Low : 0);
        List<ExtraRecord> sorted = records.stream().sorted(Comparator.comparingInt(r -> r.kind().ordinal())).toList();
        if (addresses.equals(before.addresses()) && txt.equals(before.txt()) && sorted.equals(before.records())
                && ttl == before.ttl() && java.util.Objects.equals(interfaceId, before.interfaceId())) {
            return null;
        }
        return new NameRecord(before.zone(), before.label(), before.device(), addresses,
                NameExtras.of(interfaceId, ttl, sorted, txt.isEmpty() ? List.of() : txtTimes), before.fields(), txt,
                before.userAgent(), source, before.createdMillis(), now, 0);
    }
}
