package dev.beacon.record;

/**
 * A change to a name's TXT values (DuckDNS {@code txt=}, {@code clear=true}): add values, or
 * clear them all, or both (an import sets a name's values exactly). Used by ACME DNS-01: a
 * certificate for a name and its wildcard needs two values at once, so values accumulate (the
 * oldest dropped past the zone's {@link TxtLimits}) until cleared.
 *
 * @param added the values to add, in order (none: only a clear)
 * @param clear whether to remove every value first
 * @param limits how much the name may hold afterwards
 */
public record TxtChange(java.util.List<String> added, boolean clear, TxtLimits limits) {

    /** Longest value: one DNS character-string (RFC 1035 §3.3). */
    public static final int MAX_LENGTH = 255;

    public TxtChange {
        added = java.util.List.copyOf(added);
        for (String value : added) {
            if (!isValid(value)) {
                throw new IllegalArgumentException("TXT value must be 1-255 printable ASCII characters");
            }
        }
    }

    /** One value added (or none, with null), held to the default limits until the zone's are known ({@link #within}). */
    public TxtChange(String add, boolean clear) {
        this(add == null ? java.util.List.of() : java.util.List.of(add), clear, TxtLimits.defaults());
    }

    /** Exactly these values, oldest first, in place of the name's. */
    public static TxtChange replacingWith(java.util.List<String> values) {
        return new TxtChange(values, true, TxtLimits.defaults());
    }

    /** The same change held to a zone's limits. */
    public TxtChange within(TxtLimits zoneLimits) {
        return new TxtChange(added, clear, zoneLimits);
    }

    /** True for 1-255 printable ASCII characters (what ACME tokens and DuckDNS values are). */
    public static boolean isValid(String value) {
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }
}
