package dev.beacon.transfer;

import dev.beacon.record.Change;
import dev.beacon.record.NameRecord;
import dev.beacon.registry.ZoneState;
import dev.beacon.store.JournalGap;
import dev.beacon.store.Store;
import dev.beacon.store.StoreException;
import dev.beacon.zone.Zone;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an IXFR request gets (RFC 1995): nothing new, the difference since the requester's serial
 * condensed per RRset, or the whole zone when the journal cannot say (pruned, unknown serial) or
 * the difference would be no smaller.
 */
sealed interface IxfrPlan {

    /** The requester is current, or ahead of us (RFC 1982): our SOA alone. */
    record UpToDate() implements IxfrPlan {
    }

    /** One difference sequence: SOA new, SOA old, deletions, SOA new, additions, SOA new. */
    record Incremental(List<ZoneRr> records, int changedNames) implements IxfrPlan {
    }

    /** Answer as AXFR does (RFC 1995 §4). */
    record Full(String why) implements IxfrPlan {
    }

    /**
     * Plans the answer to an IXFR from {@code clientSerial} against {@code state}, reading the
     * journal entries between the two serials.
     */
    static IxfrPlan of(ZoneState state, long clientSerial, Store store) throws StoreException {
        long current = state.lastSeq();
        // RFC 1982: how far the requester's serial is behind ours, modulo 2^32.
        long behind = current - clientSerial & 0xFFFF_FFFFL;
        if (behind == 0 || behind >= 1L << 31) {
            return new UpToDate();
        }
        if (behind > current) {
            return new Full("serial " + clientSerial + " is older than the journal's numbering");
        }
        long from = current - behind;
        int limit = Math.max(1000, state.size());
        List<Change> changes;
        try {
            changes = store.zoneJournal(state.zone().name(), from, current, limit + 1);
        } catch (JournalGap e) {
            return new Full("the journal no longer reaches back to serial " + clientSerial);
        }
        if (changes.size() > limit) {
            return new Full("more than " + limit + " changes since serial " + clientSerial);
        }
        return condensed(state.zone(), clientSerial, current, changes);
    }

    /** One delete and one add per changed RRset: the first "before" and the last "after" of each name. */
    private static Incremental condensed(Zone zone, long clientSerial, long current, List<Change> changes) {
        Map<String, NameRecord[]> ends = new LinkedHashMap<>();
        for (Change change : changes) {
            NameRecord[] pair = ends.computeIfAbsent(change.label(), label -> new NameRecord[] {change.before(), null});
            pair[1] = change.after();
        }
        List<ZoneRr> deletions = new ArrayList<>();
        List<ZoneRr> additions = new ArrayList<>();
        for (NameRecord[] pair : ends.values()) {
            Map<String, List<ZoneRr>> before = byRrset(ZoneRrs.of(pair[0], zone));
            Map<String, List<ZoneRr>> after = byRrset(ZoneRrs.of(pair[1], zone));
            java.util.Set<String> rrsets = new java.util.LinkedHashSet<>(before.keySet());
            rrsets.addAll(after.keySet());
            for (String rrset : rrsets) {
                List<ZoneRr> old = before.getOrDefault(rrset, List.of());
                List<ZoneRr> now = after.getOrDefault(rrset, List.of());
                if (!Objects.equals(new HashSet<>(old), new HashSet<>(now))) {
                    deletions.addAll(old);
                    additions.addAll(now);
                }
            }
        }
        ZoneRr soa = ZoneRrs.soa(zone, current);
        List<ZoneRr> records = new ArrayList<>(deletions.size() + additions.size() + 4);
        records.add(soa);
        records.add(ZoneRrs.soa(zone, clientSerial));
        records.addAll(deletions);
        records.add(soa);
        records.addAll(additions);
        records.add(soa);
        return new Incremental(records, ends.size());
    }

    private static Map<String, List<ZoneRr>> byRrset(List<ZoneRr> records) {
        Map<String, List<ZoneRr>> out = new LinkedHashMap<>();
        for (ZoneRr rr : records) {
            out.computeIfAbsent(rr.rrset(), k -> new ArrayList<>()).add(rr);
        }
        return out;
    }
}
