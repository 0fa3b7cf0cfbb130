package dev.beacon.dns;

import dev.beacon.record.ExtraRecord;
import dev.beacon.record.NameRecord;
import dev.beacon.registry.ZoneState;

/**
 * What the zone state one query reads holds for its question: a value, computed before any byte
 * of the reply is written, which the responder then encodes once (classify, look up, encode).
 * Sealed, so each case is handled. One small object per query, which escape analysis usually
 * removes.
 */
sealed interface Lookup {

    /** The name is outside every zone: REFUSED, not authoritative (A22, A23). */
    record Refused() implements Lookup {
    }

    /**
     * A name in one of the zones: the zone's precomputed data, the state read (its serial goes in
     * every SOA of the reply), and the offset of the apex's first label in the question, the
     * target of the reply's compression pointers.
     */
    sealed interface InZone extends Lookup {
        ApexData apex();

        ZoneState state();

        int apexOffset();
    }

    /** No such name in the zone: NXDOMAIN, the SOA in the authority section. */
    record NxDomain(ApexData apex, ZoneState state, int apexOffset) implements InZone {
    }

    /** The name exists, the type does not: NOERROR, no answer, the SOA in authority (RFC 2308 §2.2). */
    record NoData(ApexData apex, ZoneState state, int apexOffset) implements InZone {
    }

    /** The apex SOA (also the minimal answer to ANY at the apex, RFC 8482 §4.1). */
    record ApexSoa(ApexData apex, ZoneState state, int apexOffset) implements InZone {
    }

    /** The apex NS records, with glue for in-zone name servers in the additional section. */
    record ApexNs(ApexData apex, ZoneState state, int apexOffset) implements InZone {
    }

    /** A device's IPv4 or IPv6 address, owned by the question name. */
    record Address(ApexData apex, ZoneState state, int apexOffset, NameRecord record, boolean v6) implements InZone {
    }

    /**
     * A device's CNAME, whatever the type asked (RFC 1034 §3.6.2), followed in the answer by the
     * target's address of that type when the target is a name of the same zone.
     */
    record Cname(ApexData apex, ZoneState state, int apexOffset, NameRecord record, int qtype) implements InZone {
    }

    /** A device's MX records, with the addresses of exchanges in the same zone in the additional section. */
    record Mx(ApexData apex, ZoneState state, int apexOffset, NameRecord record) implements InZone {
    }

    /**
     * A device's SRV or TLSA records of one kind at {@code owner} ({@code _sip._tcp}) under its
     * name, with, for SRV, the addresses of targets in the same zone in the additional section.
     */
    record Below(ApexData apex, ZoneState state, int apexOffset, NameRecord record, ExtraRecord.Kind kind, String owner)
            implements InZone {
    }

    /** A device's TXT values, at its name or at {@code _acme-challenge.} its name. */
    record Txt(ApexData apex, ZoneState state, int apexOffset, NameRecord record) implements InZone {
    }

    /** An in-zone name server's glue addresses of the asked family (the first one for ANY). */
    record Glue(ApexData apex, ZoneState state, int apexOffset, ApexData.GlueHost host, int qtype) implements InZone {
    }
}
