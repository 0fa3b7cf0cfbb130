package dev.beacon.record;

/**
 * One entry of the change journal: a name's record before and after, and when. {@code before} is
 * null for a creation, {@code after} null for a deletion. {@code seq} is 0 until the store commits
 * the change and assigns its journal sequence number, which orders it among all changes.
 */
public record Change(long seq, String zone, String label, NameRecord before, NameRecord after, long atMillis) {

    public Change {
        if (before == null && after == null) {
            throw new IllegalArgumentException("a change needs a before or an after");
        }
    }

    public static Change pending(String zone, String label, NameRecord before, NameRecord after, long atMillis) {
        return new Change(0, zone, label, before, after, atMillis);
    }

    /** This change as committed under journal sequence number {@code newSeq}. */
    public Change committed(long newSeq) {
        return new Change(newSeq, zone, label, before, after == null ? null : after.withSeq(newSeq), atMillis);
    }
}
