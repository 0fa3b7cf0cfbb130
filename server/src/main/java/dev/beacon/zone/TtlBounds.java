package dev.beacon.zone;

import dev.beacon.record.NameExtras;

/**
 * The TTLs a device may give its names ({@code ttl=}): a zone keeps them between a floor, below
 * which resolvers would ask again and again, and a ceiling, above which a moved address would be
 * cached too long. A name without a TTL of its own uses the zone's.
 *
 * @param min the shortest, seconds (at least 1)
 * @param max the longest, seconds (at most {@link NameExtras#MAX_TTL})
 */
public record TtlBounds(int min, int max) {

    public TtlBounds {
        if (min < 1 || max > NameExtras.MAX_TTL || min > max) {
            throw new IllegalArgumentException("ttl-min and ttl-max must be 1.." + NameExtras.MAX_TTL
                    + " with ttl-min no greater than ttl-max");
        }
    }

    /** A minute to a day. */
    public static TtlBounds defaults() {
        return new TtlBounds(60, 86_400);
    }

    public boolean allows(int ttl) {
        return ttl >= min && ttl <= max;
    }
}
