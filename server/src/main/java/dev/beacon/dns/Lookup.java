package dev.beacon.dns;

import dev.beacon.record.NameRecord;
import dev.beacon.registry.ZoneState;

/**
 * What a name is, in the zone state one query reads: the value the responder then encodes once
 * (style: classify, look up, encode). Sealed, so each case is handled.
 */
sealed interface Lookup {

    /** The name is outside every zone (or not class IN): REFUSED, not authoritative. */
    record Refused() implements Lookup {
    }

    /** The zone apex. */
    record Apex(ApexData apex, ZoneState state, int apexOffset) implements Lookup {
    }

    /** A device's name. */
    record Device(ApexData apex, ZoneState state, NameRecord record, int apexOffset) implements Lookup {
    }

    /**
     * {@code _acme-challenge.} a device's name, which exists while the device has TXT values
     * (ACME DNS-01 through the DuckDNS dialect).
     */
    record Challenge(ApexData apex, ZoneState state, NameRecord record, int apexOffset) implements Lookup {
    }

    /** An in-zone name server's name, answered from its configured glue. */
    record Host(ApexData apex, ZoneState state, ApexData.GlueHost host, int apexOffset) implements Lookup {
    }

    /** No such name in the zone: NXDOMAIN with the SOA. */
    record NxDomain(ApexData apex, ZoneState state, int apexOffset) implements Lookup {
    }
}
