package dev.beacon.update;

import dev.beacon.dns.Wire;
import dev.beacon.record.ExtraRecord;
import dev.beacon.record.TxtChange;
import dev.beacon.tsig.TsigKey;
import dev.beacon.zone.UpdatableType;
import dev.beacon.zone.Zone;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a read update into a {@link UpdatePlan}, checking what needs no state: the prerequisite
 * and update sections' forms (RFC 2136 §3.2.1, §3.4.1.3: FORMERR), and that every edit lies
 * within what the zone grants the key and is a record Beacon keeps (REFUSED). The whole message
 * is refused when one edit is, so nothing of it is half done.
 */
final class UpdateChecks {

    private static final int ANY = 255;

    private UpdateChecks() {
    }

    static UpdatePlan plan(Zone zone, TsigKey key, UpdateMessage message, String source) throws UpdateError {
        List<UpdatePlan.Check> checks = new ArrayList<>();
        for (UpdateRr rr : message.prerequisites()) {
            checks.add(check(rr));
        }
        List<UpdatePlan.Edit> edits = new ArrayList<>();
        for (UpdateRr rr : message.updates()) {
            edits.add(edit(zone, key, rr));
        }
        return new UpdatePlan(zone, checks, edits, source);
    }

    private static UpdatePlan.Check check(UpdateRr rr) throws UpdateError {
        if (rr.ttl() != 0) {
            throw new UpdateError(Wire.FORMERR, "a prerequisite has a TTL");
        }
        switch (rr.rrClass()) {
            case UpdateRr.ANY, UpdateRr.NONE -> {
                boolean present = rr.rrClass() == UpdateRr.ANY;
                if (rr.data() != null) {
                    throw new UpdateError(Wire.FORMERR, "a prerequisite of class ANY or NONE has data");
                }
                if (rr.type() == ANY) {
                    return new UpdatePlan.NameUse(rr.owner(), present);
                }
                if (Wire.isMetaType(rr.type())) {
                    throw new UpdateError(Wire.FORMERR, "a prerequisite names meta-type " + rr.type());
                }
                return new UpdatePlan.RrsetUse(rr.owner(), rr.type(), present);
            }
            case UpdateRr.IN -> {
                if (Wire.isMetaType(rr.type()) || rr.data() == null) {
                    throw new UpdateError(Wire.FORMERR, "a value prerequisite without data or of a meta-type");
                }
                return new UpdatePlan.RrsetIs(rr.owner(), rr.type(), rr.data());
            }
            default -> throw new UpdateError(Wire.FORMERR, "a prerequisite of class " + rr.rrClass());
        }
    }

    private static UpdatePlan.Edit edit(Zone zone, TsigKey key, UpdateRr rr) throws UpdateError {
        boolean deleteAll = rr.rrClass() == UpdateRr.ANY && rr.type() == ANY;
        if (rr.rrClass() != UpdateRr.IN && rr.rrClass() != UpdateRr.ANY && rr.rrClass() != UpdateRr.NONE) {
            throw new UpdateError(Wire.FORMERR, "an update of class " + rr.rrClass());
        }
        if (!deleteAll && Wire.isMetaType(rr.type())) {
            throw new UpdateError(Wire.FORMERR, "an update of meta-type " + rr.type());
        }
        if (rr.rrClass() != UpdateRr.IN && rr.ttl() != 0) {
            throw new UpdateError(Wire.FORMERR, "a delete has a TTL");
        }
        if (rr.rrClass() == UpdateRr.ANY ? rr.data() != null : rr.data() == null) {
            throw new UpdateError(Wire.FORMERR, rr.rrClass() == UpdateRr.ANY ? "an RRset delete has data"
                    : "an add or record delete has no data");
        }
        Place place = Place.of(rr.owner());
        Set<UpdatableType> granted = zone.updates().typesFor(key, rr.owner());
        if (place == null) {
            throw new UpdateError(Wire.REFUSED, "'" + rr.ownerText() + "' is not a device's name, its _acme-challenge,"
                    + " or a _service._proto name under it");
        }
        if (deleteAll) {
            if (granted.isEmpty()) {
                throw refused(key, "anything", rr);
            }
            return new UpdatePlan.DeleteAll(place, granted);
        }
        UpdatableType type = UpdatableType.ofWire(rr.type());
        if (type == null) {
            throw new UpdateError(Wire.REFUSED, "type " + rr.type() + " at " + rr.ownerText()
                    + ": updates change A, AAAA, TXT, CNAME, MX, SRV and TLSA records");
        }
        if (!granted.contains(type)) {
            throw refused(key, type.name(), rr);
        }
        return switch (rr.rrClass()) {
            case UpdateRr.ANY -> new UpdatePlan.DeleteRrset(place, type);
            case UpdateRr.NONE -> new UpdatePlan.DeleteRecord(place, type, NameDraft.valueOf(place, rr.data()));
            default -> add(zone, place, type, rr);
        };
    }

    private static UpdatePlan.Add add(Zone zone, Place place, UpdatableType type, UpdateRr rr) throws UpdateError {
        Object value = NameDraft.valueOf(place, rr.data());
        boolean keepable = switch (type) {
            case A -> value instanceof RData.V4;
            case AAAA -> value instanceof RData.V6;
            case TXT -> value instanceof RData.Txt t && t.strings().size() == 1 && TxtChange.isValid(t.strings().get(0));
            default -> value instanceof ExtraRecord;
        };
        if (!keepable) {
            throw new UpdateError(Wire.REFUSED, type + " at " + rr.ownerText() + " holds data Beacon does not keep ("
                    + keeps(type) + ")");
        }
        if (type != UpdatableType.TXT && (rr.ttl() > Integer.MAX_VALUE || !zone.policy().ttl().allows((int) rr.ttl()))) {
            throw new UpdateError(Wire.REFUSED, "TTL " + rr.ttl() + " at " + rr.ownerText() + " is outside the zone's "
                    + zone.policy().ttl().min() + "-" + zone.policy().ttl().max() + " (policy.ttl-min, ttl-max)");
        }
        return new UpdatePlan.Add(place, type, value, (int) Math.min(rr.ttl(), Integer.MAX_VALUE));
    }

    private static String keeps(UpdatableType type) {
        return switch (type) {
            case A -> "4 bytes";
            case AAAA -> "16 bytes";
            case TXT -> "one string of 1-255 printable ASCII characters";
            case CNAME, MX -> "a host name target";
            case SRV -> "a host name target at _service._proto under a name";
            case TLSA -> "usage 0-3, selector 0-1, matching type 0-2 and its digest, at _port._proto under a name";
        };
    }

    private static UpdateError refused(TsigKey key, String what, UpdateRr rr) {
        return new UpdateError(Wire.REFUSED, "key " + key.name() + " may not change " + what + " at " + rr.ownerText()
                + " (allow-update)");
    }
}
