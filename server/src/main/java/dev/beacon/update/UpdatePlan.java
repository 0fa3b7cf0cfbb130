package dev.beacon.update;

import dev.beacon.record.NameRecord;
import dev.beacon.registry.NameEdit;
import dev.beacon.registry.Outcome;
import dev.beacon.zone.NameServer;
import dev.beacon.zone.UpdatableType;
import dev.beacon.zone.Zone;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * An update checked against the key's grants, ready to decide: its prerequisites (RFC 2136
 * §3.2), tested against the names as they are, then its edits (§3.4), applied in order to the
 * names they touch. Either every edit is kept, in one commit, or none. Immutable.
 *
 * @param source the requester's address, kept on the records it changes
 */
record UpdatePlan(Zone zone, List<Check> checks, List<Edit> edits, String source) implements NameEdit {

    private static final int NS = 2;
    private static final int SOA = 6;

    public UpdatePlan {
        checks = List.copyOf(checks);
        edits = List.copyOf(edits);
    }

    /** A prerequisite. */
    sealed interface Check {
        List<String> owner();
    }

    /** Class ANY or NONE with type ANY: the name is (or is not) in use. */
    record NameUse(List<String> owner, boolean inUse) implements Check {
    }

    /** Class ANY or NONE with a type: an RRset of it exists (or does not). */
    record RrsetUse(List<String> owner, int type, boolean exists) implements Check {
    }

    /** Class IN: the RRset holds exactly these records, with the other records of the same name and type. */
    record RrsetIs(List<String> owner, int type, RData data) implements Check {
    }

    /** An edit of a device's name. */
    sealed interface Edit {
        Place place();
    }

    /** Class IN: add a record ({@link NameDraft#valueOf} made of its data) with its TTL. */
    record Add(Place place, UpdatableType type, Object value, int ttl) implements Edit {
    }

    /** Class ANY with a type: delete the RRset. */
    record DeleteRrset(Place place, UpdatableType type) implements Edit {
    }

    /** Class ANY with type ANY: delete every RRset at the owner that the key may change. */
    record DeleteAll(Place place, Set<UpdatableType> types) implements Edit {
        public DeleteAll {
            types = Set.copyOf(types);
        }
    }

    /** Class NONE: delete one record. */
    record DeleteRecord(Place place, UpdatableType type, Object value) implements Edit {
    }

    @Override
    public Result apply(Function<String, NameRecord> current, long atMillis) {
        Map<String, NameDraft> drafts = new LinkedHashMap<>();
        Function<String, NameDraft> draft = label -> {
            if (!drafts.containsKey(label)) {
                NameRecord record = current.apply(label);
                drafts.put(label, record == null ? null : new NameDraft(record));
            }
            return drafts.get(label);
        };
        Outcome unmet = unmet(draft);
        if (unmet != null) {
            return new Refused(unmet);
        }
        for (Edit edit : edits) {
            NameDraft name = draft.apply(edit.place().label());
            if (name == null) {
                if (edit instanceof Add) {
                    // Names belong to devices: an update changes the ones they hold, and deleting from
                    // a name nobody holds deletes nothing (RFC 2136 §3.4.2.3).
                    return new Refused(Outcome.NO_RECORD);
                }
                continue;
            }
            if (edit instanceof Add add) {
                if (!name.add(add.type(), add.value(), add.ttl(), zone.ttl(), zone.policy().txt(), atMillis)) {
                    return new Refused(Outcome.NOT_ALLOWED);
                }
            } else if (edit instanceof DeleteRrset delete) {
                name.deleteRrset(delete.place(), delete.type());
            } else if (edit instanceof DeleteAll delete) {
                name.deleteAll(delete.place(), delete.types());
            } else {
                DeleteRecord delete = (DeleteRecord) edit;
                name.delete(delete.place(), delete.type(), delete.value());
            }
        }
        List<NameRecord> after = new ArrayList<>();
        for (NameDraft name : drafts.values()) {
            NameRecord changed = name == null ? null : name.result(source, atMillis);
            if (changed != null) {
                after.add(changed);
            }
        }
        return new Edited(after);
    }

    /** The first prerequisite that fails, as the outcome that says how; null when all hold. */
    private Outcome unmet(Function<String, NameDraft> draft) {
        Map<List<Object>, Set<Object>> wanted = new LinkedHashMap<>();
        for (Check check : checks) {
            if (check instanceof NameUse use) {
                if (inUse(use.owner(), draft) != use.inUse()) {
                    return use.inUse() ? Outcome.NAME_NOT_IN_USE : Outcome.NAME_IN_USE;
                }
            } else if (check instanceof RrsetUse use) {
                if (rrset(use.owner(), use.type(), draft).isEmpty() == use.exists()) {
                    return use.exists() ? Outcome.RRSET_MISSING : Outcome.RRSET_EXISTS;
                }
            } else {
                RrsetIs is = (RrsetIs) check;
                Place place = Place.of(is.owner());
                wanted.computeIfAbsent(List.of(is.owner(), is.type()), k -> new LinkedHashSet<>())
                        .add(place == null ? is.data() : NameDraft.valueOf(place, is.data()));
            }
        }
        for (Map.Entry<List<Object>, Set<Object>> e : wanted.entrySet()) {
            @SuppressWarnings("unchecked")
            List<String> owner = (List<String>) e.getKey().get(0);
            Set<Object> present = new HashSet<>(rrset(owner, (Integer) e.getKey().get(1), draft));
            if (!present.equals(e.getValue())) {
                return Outcome.RRSET_MISSING;
            }
        }
        return null;
    }

    private boolean inUse(List<String> owner, Function<String, NameDraft> draft) {
        Place place = Place.of(owner);
        NameDraft name = place == null ? null : draft.apply(place.label());
        if (name != null) {
            return name.inUse(place);
        }
        return !fixedTypes(owner).isEmpty();
    }

    /**
     * The records of an RRset, as {@link NameDraft#valueOf} makes them, for a device's name; for
     * the apex and its name servers, which the configuration holds, a marker per type present, so
     * they exist but equal no record an update names.
     */
    private List<Object> rrset(List<String> owner, int type, Function<String, NameDraft> draft) {
        Place place = Place.of(owner);
        NameDraft name = place == null ? null : draft.apply(place.label());
        UpdatableType kept = UpdatableType.ofWire(type);
        if (name != null) {
            return kept == null ? List.of() : name.rrset(place, kept);
        }
        return fixedTypes(owner).contains(type) ? List.of(new Object()) : List.of();
    }

    /** The types the configuration puts at an owner no device holds: the apex's SOA and NS, a name server's glue. */
    private Set<Integer> fixedTypes(List<String> owner) {
        Set<Integer> types = new HashSet<>();
        if (owner.isEmpty()) {
            types.add(SOA);
            types.add(NS);
            return types;
        }
        String fqdn = String.join(".", owner) + "." + zone.name();
        for (NameServer ns : zone.nameServers()) {
            if (ns.name().equalsIgnoreCase(fqdn)) {
                ns.addresses().forEach(a -> types.add(a instanceof java.net.Inet4Address ? 1 : 28));
            }
        }
        return types;
    }
}
