package dev.beacon.store;

/**
 * The journal no longer holds the entries after a reader's position (pruned after
 * {@code journal-retention}): the reader must reload the whole state rather than serve holes.
 */
public final class JournalGap extends StoreException {

    private static final long serialVersionUID = 1L;

    public JournalGap(long position, long oldest) {
        super((oldest < 0 ? "the journal no longer holds the entries after position " + position
                : "the journal starts at " + oldest + ", after position " + position) + " (pruned): reload the state");
    }
}
