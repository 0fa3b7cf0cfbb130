package dev.beacon.record;

import java.util.HashMap;
import java.util.Map;

/**
 * One copy of each string that repeats across the records of a load: zone apexes, User-Agents,
 * the source of a bulk import, a fleet behind one NAT address. A million records loaded with a
 * million equal strings would otherwise hold a million copies (56 bytes each for a source).
 *
 * <p>Bounded, so a load whose values are all distinct (a hostile User-Agent per device, say) costs
 * at most {@code capacity} entries: once full, new values pass through as they are, while those
 * already held (the common ones come early) are still shared. One load's helper; not thread-safe.
 */
public final class StringPool {

    /** Enough for every User-Agent of a fleet; small enough to be nothing beside a million records. */
    public static final int LOAD_CAPACITY = 65_536;

    private final Map<String, String> held = new HashMap<>();
    private final int capacity;

    public StringPool(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
    }

    /** The held copy of {@code value} (null for null), holding this one when there is room. */
    public String of(String value) {
        if (value == null) {
            return null;
        }
        String same = held.get(value);
        if (same != null) {
            return same;
        }
        if (held.size() < capacity) {
            held.put(value, value);
        }
        return value;
    }
}
