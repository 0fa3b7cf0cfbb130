package dev.beacon.record;

import dev.beacon.token.DeviceId;

/**
 * One entry of the change journal: a name's record before and after, and when. {@code before} is
 * null for a creation, {@code after} null for a deletion. {@code seq} is 0 until the store commits
 * the change and assigns its journal sequence number, which orders it among all changes.
 *
 * <p>An entry may instead carry a {@link DeviceMark} (a device blocked or unblocked): it has no
 * name ({@code label} is empty), no records, and changes nothing DNS serves.
 *
 * @param actor who asked for it beyond the device itself: {@code admin NAME} for an operator's
 *     token, or null for a device's own request (the journal's origin then names the node)
 */
public record Change(long seq, String zone, String label, NameRecord before, NameRecord after, long atMillis,
        String actor, DeviceMark mark) {

    public Change {
        if (mark == null && before == null && after == null) {
            throw new IllegalArgumentException("a change needs a before or an after");
        }
        if (mark != null && (before != null || after != null || !label.isEmpty())) {
            throw new IllegalArgumentException("a device mark has no name and no records");
        }
    }

    public Change(long seq, String zone, String label, NameRecord before, NameRecord after, long atMillis) {
        this(seq, zone, label, before, after, atMillis, null, null);
    }

    public static Change pending(String zone, String label, NameRecord before, NameRecord after, long atMillis) {
        return new Change(0, zone, label, before, after, atMillis);
    }

    public static Change pending(String zone, String label, NameRecord before, NameRecord after, long atMillis,
            String actor) {
        return new Change(0, zone, label, before, after, atMillis, actor, null);
    }

    /** An operator's block or unblock of a device, not yet committed. */
    public static Change marked(String zone, DeviceMark mark, long atMillis, String actor) {
        return new Change(0, zone, "", null, null, atMillis, actor, mark);
    }

    /** True for a device mark, which DNS and zone transfers ignore. */
    public boolean isMark() {
        return mark != null;
    }

    /** The device the entry is about. */
    public DeviceId device() {
        return mark != null ? mark.device() : after != null ? after.device() : before.device();
    }

    /** This change as committed under journal sequence number {@code newSeq}. */
    public Change committed(long newSeq) {
        return new Change(newSeq, zone, label, before, after == null ? null : after.withSeq(newSeq), atMillis, actor,
                mark);
    }
}
