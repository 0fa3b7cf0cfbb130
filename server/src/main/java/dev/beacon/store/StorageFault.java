package dev.beacon.store;

/**
 * The disk under the database failed (an I/O error, a full disk, corruption): not a statement
 * that can simply be retried. Writes stop until the store proves good ({@link Store#probe}).
 */
public final class StorageFault extends StoreException {

    private static final long serialVersionUID = 1L;

    public StorageFault(String message, Throwable cause) {
        super(message, cause);
    }
}
