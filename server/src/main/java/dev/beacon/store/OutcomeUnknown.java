package dev.beacon.store;

/**
 * The transaction failed while committing: the database may or may not have kept it. Where
 * {@link #journalSettles()} the journal says which ({@link Store#written}, by the batch's origin);
 * otherwise (a local disk whose fsync failed) nothing read back can be trusted, and writes stop
 * until the store proves good ({@link Store#probe}).
 */
public final class OutcomeUnknown extends StoreException {

    private static final long serialVersionUID = 1L;

    private final boolean journalSettles;

    public OutcomeUnknown(String message, Throwable cause, boolean journalSettles) {
        super(message, cause);
        this.journalSettles = journalSettles;
    }

    /** Whether reading the journal back tells whether the commit was kept. */
    public boolean journalSettles() {
        return journalSettles;
    }
}
