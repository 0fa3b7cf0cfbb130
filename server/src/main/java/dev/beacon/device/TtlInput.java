package dev.beacon.device;

import dev.beacon.zone.TtlBounds;

/**
 * Reads {@code ttl}: the TTL, in seconds, of the names the request changes, within the zone's
 * {@code ttl-min}..{@code ttl-max}; empty means the zone's own again. Anything else, or the field
 * sent twice, is {@code 05|ttl}, as for a custom field out of its bounds.
 */
public final class TtlInput {

    public static final String FIELD = "ttl";

    /**
     * @param valid whether the field may be used
     * @param ttl the TTL asked for (0: the zone's), or null when the field was not sent
     */
    public record Result(boolean valid, Integer ttl) {
    }

    private static final Result ABSENT = new Result(true, null);
    private static final Result INVALID = new Result(false, null);

    private TtlInput() {
    }

    public static Result parse(Params.Field field, TtlBounds bounds) {
        if (field instanceof Params.Field.Absent) {
            return ABSENT;
        }
        if (!(field instanceof Params.Field.Value v)) {
            return INVALID;
        }
        String text = v.text().strip();
        if (text.isEmpty()) {
            return new Result(true, 0);
        }
        if (text.length() > 7 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return INVALID;
        }
        int ttl = Integer.parseInt(text);
        return bounds.allows(ttl) ? new Result(true, ttl) : INVALID;
    }
}
