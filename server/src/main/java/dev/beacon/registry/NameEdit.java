package dev.beacon.registry;

import dev.beacon.record.NameRecord;
import java.util.List;
import java.util.function.Function;

/**
 * A change to a zone's names that is decided against their records as they are when it commits,
 * all of it or none: an RFC 2136 update, whose prerequisites and edits read the state they change.
 * Implementations are immutable and pure, since the registry decides with one speculatively and
 * again in the writer.
 */
public interface NameEdit {

    /**
     * @param current a label's record as of this decision, or null when nobody holds it
     * @param atMillis when the change is made
     */
    Result apply(Function<String, NameRecord> current, long atMillis);

    /** What an edit decided. */
    sealed interface Result {
    }

    /** Nothing changes, for this reason. */
    record Refused(Outcome outcome) implements Result {
    }

    /** These records replace the ones of their labels (none: nothing differs). */
    record Edited(List<NameRecord> after) implements Result {
        public Edited {
            after = List.copyOf(after);
        }
    }
}
