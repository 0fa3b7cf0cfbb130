package dev.beacon.store;

import dev.beacon.record.Change;
import java.util.List;

/**
 * What a commit did: the other writers' entries it caught up on, the changes it wrote (with their
 * sequence numbers), and the journal head after it.
 */
public record Committed(List<Change> missed, List<Change> written, long head) {

    public Committed {
        missed = List.copyOf(missed);
        written = List.copyOf(written);
    }
}
