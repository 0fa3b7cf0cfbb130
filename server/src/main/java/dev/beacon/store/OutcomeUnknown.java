package dev.beacon.store;

/**
 * The connection failed while the transaction was committing: the database may or may not have
 * kept it. The journal says which ({@link Store#written}, by the batch's origin).
 */
public final class OutcomeUnknown extends StoreException {

    private static final long serialVersionUID = 1L;

    public OutcomeUnknown(String message, Throwable cause) {
        super(message, cause);
    }
}
