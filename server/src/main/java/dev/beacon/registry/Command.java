package dev.beacon.registry;

import dev.beacon.record.Addresses;
import dev.beacon.record.PrefixChange;
import dev.beacon.record.RecordsChange;
import dev.beacon.record.RequestMeta;
import dev.beacon.record.TxtChange;

import dev.beacon.token.DeviceId;
import dev.beacon.zone.Zone;
import java.util.Map;
import java.util.Set;

/**
 * A change a verified device asks of the registry. Inputs are already validated: labels are
 * legal, addresses allowed, fields normalised.
 */
public sealed interface Command {

    Zone zone();

    DeviceId device();

    RequestMeta meta();

    /** Who asked beyond the device itself, for the journal ({@code admin NAME}); null for a device's own request. */
    default String actor() {
        return null;
    }

    /**
     * Take {@code label} (create, keep, or rename to it).
     *
     * @param atLimit what to do when the device already holds as many names as the zone allows
     */
    record Add(Zone zone, DeviceId device, String label, Addresses addresses, PrefixChange prefix, Integer ttl,
            RecordsChange records, Map<String, String> fields, TxtChange txt, RequestMeta meta, AtLimit atLimit)
            implements Command {
        public Add {
            fields = Map.copyOf(fields);
        }

        /** An add that leaves the name's CNAME and MX records as they are. */
        public Add(Zone zone, DeviceId device, String label, Addresses addresses, PrefixChange prefix, Integer ttl,
                Map<String, String> fields, TxtChange txt, RequestMeta meta, AtLimit atLimit) {
            this(zone, device, label, addresses, prefix, ttl, RecordsChange.NONE, fields, txt, meta, atLimit);
        }

        /** An add that leaves the TTL as it is (the zone's, for a new name). */
        public Add(Zone zone, DeviceId device, String label, Addresses addresses, PrefixChange prefix,
                Map<String, String> fields, TxtChange txt, RequestMeta meta, AtLimit atLimit) {
            this(zone, device, label, addresses, prefix, null, fields, txt, meta, atLimit);
        }

        /** An add without interface id, prefix or TTL. */
        public Add(Zone zone, DeviceId device, String label, Addresses addresses, Map<String, String> fields,
                TxtChange txt, RequestMeta meta, AtLimit atLimit) {
            this(zone, device, label, addresses, PrefixChange.NONE, fields, txt, meta, atLimit);
        }

        /** An add that leaves TXT values as they are (none, for a new name). */
        public Add(Zone zone, DeviceId device, String label, Addresses addresses, Map<String, String> fields,
                RequestMeta meta, AtLimit atLimit) {
            this(zone, device, label, addresses, fields, null, meta, atLimit);
        }

        /** The device protocol's add: at the limit, the oldest name is released (a rename). */
        public Add(Zone zone, DeviceId device, String label, Addresses addresses, PrefixChange prefix, Integer ttl,
                RecordsChange records, Map<String, String> fields, RequestMeta meta) {
            this(zone, device, label, addresses, prefix, ttl, records, fields, null, meta, AtLimit.RELEASE_OLDEST);
        }

        /** As the device protocol's add, without interface id, prefix or TTL. */
        public Add(Zone zone, DeviceId device, String label, Addresses addresses, Map<String, String> fields,
                RequestMeta meta) {
            this(zone, device, label, addresses, PrefixChange.NONE, null, RecordsChange.NONE, fields, meta);
        }
    }

    /** What an add does for a device that holds as many names as its zone allows. */
    enum AtLimit {
        /** Release the oldest name in the same commit: with a limit of one, a rename. */
        RELEASE_OLDEST,
        /** Change nothing and say so ({@link Outcome#AT_LIMIT}): bulk import never renames. */
        REFUSE
    }

    /**
     * Change the addresses (and interface ids), fields and TXT values of the names the device holds: all of them,
     * or only those in {@code only} when it is not empty (dialects that name their hosts).
     *
     * @param prefix an interface id for the names and/or a prefix for those with one
     * @param ttl the names' TTL (0: the zone's), or null to keep theirs
     * @param records the CNAME and MX records the names take
     * @param txt a TXT change, or null for none
     */
    record Update(Zone zone, DeviceId device, Addresses addresses, PrefixChange prefix, Integer ttl,
            RecordsChange records, Map<String, String> fields, TxtChange txt, Set<String> only, RequestMeta meta)
            implements Command {
        public Update {
            fields = Map.copyOf(fields);
            only = Set.copyOf(only);
        }

        /** An update that leaves the names' CNAME and MX records as they are. */
        public Update(Zone zone, DeviceId device, Addresses addresses, PrefixChange prefix, Integer ttl,
                Map<String, String> fields, TxtChange txt, Set<String> only, RequestMeta meta) {
            this(zone, device, addresses, prefix, ttl, RecordsChange.NONE, fields, txt, only, meta);
        }

        /** An update that keeps the names' TTL. */
        public Update(Zone zone, DeviceId device, Addresses addresses, PrefixChange prefix, Map<String, String> fields,
                TxtChange txt, Set<String> only, RequestMeta meta) {
            this(zone, device, addresses, prefix, null, fields, txt, only, meta);
        }

        /** An update without interface id, prefix or TTL. */
        public Update(Zone zone, DeviceId device, Addresses addresses, Map<String, String> fields, TxtChange txt,
                Set<String> only, RequestMeta meta) {
            this(zone, device, addresses, PrefixChange.NONE, fields, txt, only, meta);
        }

        /** An update of every name, without TXT change: the native protocol's. */
        public Update(Zone zone, DeviceId device, Addresses addresses, PrefixChange prefix, Integer ttl,
                RecordsChange records, Map<String, String> fields, RequestMeta meta) {
            this(zone, device, addresses, prefix, ttl, records, fields, null, Set.of(), meta);
        }

        /** As the native protocol's update, without interface id, prefix or TTL. */
        public Update(Zone zone, DeviceId device, Addresses addresses, Map<String, String> fields, RequestMeta meta) {
            this(zone, device, addresses, PrefixChange.NONE, null, RecordsChange.NONE, fields, meta);
        }
    }

    /** Release every name the device holds. */
    record Remove(Zone zone, DeviceId device, RequestMeta meta) implements Command {
    }

    /**
     * An operator blocks or unblocks a device (known or not yet seen); its names stay as they are.
     * Decided {@link Outcome#MODIFIED} when the mark changed, {@link Outcome#NO_CHANGE} otherwise.
     */
    record Mark(Zone zone, DeviceId device, boolean blocked, String actor, RequestMeta meta) implements Command {
    }

    /**
     * An operator retires every version 2 key the device holds or held: key generations up to its
     * newest are refused from now on, and the device works again once provisioned with a higher
     * one. Always {@link Outcome#MODIFIED}.
     */
    record Revoke(Zone zone, DeviceId device, String actor, RequestMeta meta) implements Command {
    }

    /**
     * An operator gives the device a new static secret (its SHA-256, hex), replacing any before
     * it, or with a null hash revokes the one it has. {@link Outcome#MODIFIED}, or
     * {@link Outcome#NO_CHANGE} for revoking a secret the device does not have.
     */
    record Secret(Zone zone, DeviceId device, String hash, String actor, RequestMeta meta) implements Command {
    }

    /**
     * An operator sets a name's TTL ({@code null}: kept) and record types, whichever device holds
     * it: {@link Outcome#MODIFIED}, {@link Outcome#NO_CHANGE}, or {@link Outcome#NO_RECORD} when
     * nobody holds it.
     */
    record SetRecords(Zone zone, String label, Integer ttl, RecordsChange records, String actor, RequestMeta meta)
            implements Command {
        @Override
        public DeviceId device() {
            return null;
        }
    }

    /**
     * A name's TXT values set before {@code cutoff} (epoch millis) leave it, as the zone's
     * {@code txt-ttl} has them expire; the journal names {@code actor} as who made the change.
     * {@link Outcome#MODIFIED}, or {@link Outcome#NO_CHANGE} when none is that old (or the name is gone).
     */
    record ExpireTxt(Zone zone, String label, long cutoff, String actor, RequestMeta meta) implements Command {
        @Override
        public DeviceId device() {
            return null;
        }
    }

    /**
     * An RFC 2136 update signed with a key the zone grants it to: its edit decides against the
     * names' records as they are and changes several names, or none, in one commit.
     * {@link Outcome#MODIFIED}, {@link Outcome#NO_CHANGE}, or the refusal the edit decides.
     */
    record Edit(Zone zone, NameEdit edit, String actor, RequestMeta meta) implements Command {
        @Override
        public DeviceId device() {
            return null;
        }
    }

    /**
     * An operator releases one name, whichever device holds it: {@link Outcome#DELETED}, or
     * {@link Outcome#NO_RECORD} when nobody holds it.
     */
    record Release(Zone zone, String label, String actor, RequestMeta meta) implements Command {
        @Override
        public DeviceId device() {
            return null;
        }
    }
}
