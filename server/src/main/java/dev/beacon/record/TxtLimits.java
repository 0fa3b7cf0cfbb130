package dev.beacon.record;

/**
 * How much TXT data one name may hold, which bounds what a TXT answer amplifies: past either
 * limit the oldest values are dropped. The defaults fit ACME DNS-01 for a name and its wildcard
 * (two values of 43 characters) and keep a TXT answer within a few times its query.
 *
 * @param values most values
 * @param bytes most characters over all values
 */
public record TxtLimits(int values, int bytes) {

    public TxtLimits {
        if (values < 1 || bytes < TxtChange.MAX_LENGTH) {
            throw new IllegalArgumentException("a name must hold at least one value of " + TxtChange.MAX_LENGTH + " characters");
        }
    }

    public static TxtLimits defaults() {
        return new TxtLimits(2, 256);
    }
}
