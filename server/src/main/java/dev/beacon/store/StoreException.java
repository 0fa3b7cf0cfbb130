package dev.beacon.store;

/**
 * Storage could not do what was asked; nothing of the attempt was kept (except where a subclass
 * says otherwise).
 */
public class StoreException extends Exception {

    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
