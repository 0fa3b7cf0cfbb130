package dev.beacon.device;

import dev.beacon.zone.HostLabel;
import dev.beacon.zone.Zone;
import java.util.Locale;

/** Reads a host name as third-party clients send it: a full name in the zone, or a bare label. */
final class HostName {

    private HostName() {
    }

    /**
     * The label this name stands for in the zone, or null when it is not a valid name directly
     * under the zone's apex (or a bare label, where those are allowed).
     */
    static String labelIn(String hostname, Zone zone, HostUpdate.Naming naming) {
        String name = hostname.strip().toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        String suffix = "." + zone.name();
        String label;
        if (name.endsWith(suffix)) {
            label = name.substring(0, name.length() - suffix.length());
        } else if (naming == HostUpdate.Naming.FQDN_OR_LABEL && name.indexOf('.') < 0) {
            label = name;
        } else {
            return null;
        }
        // Same rules as a native dm (a reserved label is no device's name, so it is reported nohost).
        HostLabel.Parsed parsed = HostLabel.parse(label, zone);
        return parsed.ok() ? parsed.label() : null;
    }

    /** True for a syntactically valid DNS name with at least two labels (RFC 1123 LDH). */
    static boolean isWellFormed(String hostname) {
        return dev.beacon.record.HostTarget.parse(hostname) != null;
    }
}
