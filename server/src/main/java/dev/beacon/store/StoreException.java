package dev.beacon.store;

/** Storage could not do what was asked; nothing of the attempt was kept. */
public final class StoreException extends Exception {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
