package dev.beacon.server;

/** Beacon cannot start; the message is one line an operator can act on. */
public final class StartupException extends Exception {

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
