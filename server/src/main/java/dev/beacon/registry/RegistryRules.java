package dev.beacon.registry;

import dev.beacon.record.Addresses;
import dev.beacon.record.DeviceMark;
import dev.beacon.record.NameRecord;
import dev.beacon.record.PrefixChange;
import dev.beacon.record.RecordsChange;
import dev.beacon.record.RequestMeta;
import dev.beacon.record.TxtChange;
import dev.beacon.zone.Zone;
import java.util.List;
import java.util.Map;

/**
 * The registry's decisions (protocol §1, "Semantics"), as pure functions of a command and the
 * state it meets. Whatever the decision changes is written into that state; nothing else is
 * touched, so the same rules decide speculatively on a snapshot and for real in a batch.
 */
final class RegistryRules {

    private RegistryRules() {
    }

    static Decision decide(Command command, PendingState state) {
        if (command instanceof Command.Add add) {
            return add(add, state);
        }
        if (command instanceof Command.Update update) {
            return update(update, state);
        }
        if (command instanceof Command.Mark mark) {
            return mark(mark, state);
        }
        if (command instanceof Command.Release release) {
            return release(release, state);
        }
        if (command instanceof Command.SetRecords set) {
            NameRecord before = state.record(set.zone().name(), set.label());
            if (before == null) {
                return Decision.of(Outcome.NO_RECORD);
            }
            if (before.unchangedBy(Addresses.NONE, PrefixChange.NONE, set.ttl(), set.records(), Map.of(), null)) {
                return Decision.of(Outcome.NO_CHANGE);
            }
            state.put(before.merged(Addresses.NONE, PrefixChange.NONE, set.ttl(), set.records(), Map.of(), null,
                    set.meta()), set.actor());
            return Decision.modified(java.util.Set.of(set.label()));
        }
        if (command instanceof Command.Edit edit) {
            return edit(edit, state);
        }
        if (command instanceof Command.ExpireTxt expire) {
            NameRecord before = state.record(expire.zone().name(), expire.label());
            NameRecord after = before == null ? null : before.withoutTxtSetBefore(expire.cutoff(), expire.meta().atMillis());
            if (after == null) {
                return Decision.of(Outcome.NO_CHANGE);
            }
            state.put(after, expire.actor());
            return Decision.modified(java.util.Set.of(expire.label()));
        }
        if (command instanceof Command.Secret secret) {
            ZoneState zone = state.zone(secret.zone().name());
            if (secret.hash() == null && (zone == null || !zone.hasSecret(secret.device()))) {
                return Decision.of(Outcome.NO_CHANGE);
            }
            state.mark(secret.zone().name(), DeviceMark.secret(secret.device(), secret.hash()), secret.meta().atMillis(),
                    secret.actor());
            return Decision.modified(java.util.Set.of());
        }
        if (command instanceof Command.Revoke revoke) {
            // The generation is settled in the commit, above the device's stored one too.
            ZoneState zone = state.zone(revoke.zone().name());
            long floor = zone == null ? 0 : zone.generationFloor(revoke.device());
            state.mark(revoke.zone().name(), DeviceMark.revoke(revoke.device(), floor + 1), revoke.meta().atMillis(),
                    revoke.actor());
            return Decision.modified(java.util.Set.of());
        }
        return remove((Command.Remove) command, state);
    }

    private static Decision edit(Command.Edit edit, PendingState state) {
        String zone = edit.zone().name();
        NameEdit.Result result = edit.edit().apply(label -> state.record(zone, label), edit.meta().atMillis());
        if (result instanceof NameEdit.Refused refused) {
            return Decision.of(refused.outcome());
        }
        java.util.Set<String> changed = new java.util.HashSet<>();
        for (NameRecord after : ((NameEdit.Edited) result).after()) {
            state.put(after, edit.actor());
            changed.add(after.label());
        }
        return changed.isEmpty() ? Decision.of(Outcome.NO_CHANGE) : Decision.modified(changed);
    }

    private static Decision mark(Command.Mark mark, PendingState state) {
        String zone = mark.zone().name();
        if (state.blocked(zone, mark.device()) == mark.blocked()) {
            return Decision.of(Outcome.NO_CHANGE);
        }
        state.mark(zone, new DeviceMark(mark.device(), mark.blocked()), mark.meta().atMillis(), mark.actor());
        return Decision.modified(java.util.Set.of());
    }

    private static Decision release(Command.Release release, PendingState state) {
        String zone = release.zone().name();
        if (state.record(zone, release.label()) == null) {
            return Decision.of(Outcome.NO_RECORD);
        }
        state.delete(zone, release.label(), release.meta().atMillis(), release.actor());
        return Decision.of(Outcome.DELETED);
    }

    /**
     * Add: a free name is created for the device; its own name behaves as an update; another
     * device's name is refused. A device at its name limit releases its oldest name for the new
     * one in the same commit, which with the default limit of one is a rename.
     */
    private static Decision add(Command.Add add, PendingState state) {
        Zone zone = add.zone();
        NameRecord holder = state.record(zone.name(), add.label());
        if (holder != null) {
            if (!holder.device().equals(add.device())) {
                return Decision.of(Outcome.NAME_TAKEN);
            }
            Decision own = modify(List.of(add.label()), zone, add.addresses(), add.prefix(), add.ttl(), add.records(),
                    add.fields(), add.txt(), add.meta(), state);
            return combined(own, moveUnderPrefix(zone, add.device(), add.prefix(), List.of(add.label()), add.meta(), state));
        }
        List<String> held = state.labelsOf(zone.name(), add.device());
        long now = add.meta().atMillis();
        NameRecord created;
        if (held.size() >= zone.policy().maxNamesPerDevice()) {
            if (add.atLimit() == Command.AtLimit.REFUSE) {
                return Decision.of(Outcome.AT_LIMIT);
            }
            String released = held.get(0);
            NameRecord old = state.record(zone.name(), released);
            state.delete(zone.name(), released, now);
            created = old.renamed(add.label(), now).merged(add.addresses(), add.prefix(), add.ttl(), add.records(),
                    add.fields(), txtWithin(add, zone), add.meta());
        } else {
            created = new NameRecord(zone.name(), add.label(), add.device(), Addresses.NONE, Map.of(), List.of(),
                    add.meta().userAgent(), add.meta().source(), now, now, 0)
                    .merged(add.addresses(), add.prefix(), add.ttl(), add.records(), add.fields(), txtWithin(add, zone),
                            add.meta());
        }
        state.put(created);
        moveUnderPrefix(zone, add.device(), add.prefix(), List.of(add.label()), add.meta(), state);
        return Decision.created(zone.fqdn(add.label()));
    }

    /**
     * A delegated prefix belongs to the device rather than to a name: the device's other names
     * with an interface id (all but {@code except}) move under it in the same commit. Null when the
     * request carries no prefix or no such name is left.
     */
    private static Decision moveUnderPrefix(Zone zone, dev.beacon.token.DeviceId device, PrefixChange request,
            List<String> except, RequestMeta meta, PendingState state) {
        if (request.prefix() == null) {
            return null;
        }
        List<String> others = state.labelsOf(zone.name(), device).stream()
                .filter(label -> !except.contains(label))
                .filter(label -> state.record(zone.name(), label).interfaceId() != null)
                .toList();
        if (others.isEmpty()) {
            return null;
        }
        return modify(others, zone, Addresses.NONE, new PrefixChange(null, false, request.prefix()), null,
                RecordsChange.NONE, Map.of(), null, meta, state);
    }

    /** What the request's own names did, with the names its prefix moved besides them. */
    private static Decision combined(Decision own, Decision moved) {
        if (moved == null || moved.outcome() != Outcome.MODIFIED) {
            return own;
        }
        java.util.Set<String> changed = new java.util.HashSet<>(own.changed());
        changed.addAll(moved.changed());
        return Decision.modified(changed);
    }

    private static TxtChange txtWithin(Command.Add add, Zone zone) {
        return add.txt() == null ? null : add.txt().within(zone.policy().txt());
    }

    /**
     * Update: the names the device holds, or those of them the request lists, take its addresses,
     * fields and TXT values. A delegated prefix belongs to the device rather than to a name, so it
     * moves every name of the device that has an interface id, listed or not, in the same commit.
     */
    private static Decision update(Command.Update update, PendingState state) {
        List<String> all = state.labelsOf(update.zone().name(), update.device());
        List<String> held = update.only().isEmpty() ? all : all.stream().filter(update.only()::contains).toList();
        if (held.isEmpty()) {
            return Decision.of(Outcome.NO_RECORD);
        }
        Decision listed = modify(held, update.zone(), update.addresses(), update.prefix(), update.ttl(),
                update.records(), update.fields(), update.txt(), update.meta(), state);
        return combined(listed, moveUnderPrefix(update.zone(), update.device(), update.prefix(), held, update.meta(),
                state));
    }

    private static Decision remove(Command.Remove remove, PendingState state) {
        List<String> held = state.labelsOf(remove.zone().name(), remove.device());
        if (held.isEmpty()) {
            return Decision.of(Outcome.NO_RECORD);
        }
        for (String label : List.copyOf(held)) {
            state.delete(remove.zone().name(), label, remove.meta().atMillis());
        }
        return Decision.of(Outcome.DELETED);
    }

    private static Decision modify(List<String> labels, Zone zone, Addresses addresses, PrefixChange prefix, Integer ttl,
            RecordsChange records, Map<String, String> fields, TxtChange request, RequestMeta meta, PendingState state) {
        TxtChange txt = request == null ? null : request.within(zone.policy().txt());
        java.util.Set<String> changed = null;
        for (String label : List.copyOf(labels)) {
            NameRecord before = state.record(zone.name(), label);
            if (!before.unchangedBy(addresses, prefix, ttl, records, fields, txt)) {
                state.put(before.merged(addresses, prefix, ttl, records, fields, txt, meta));
                if (changed == null) {
                    changed = new java.util.HashSet<>();
                }
                changed.add(label);
            }
        }
        return changed == null ? Decision.of(Outcome.NO_CHANGE) : Decision.modified(changed);
    }
}
