package dev.beacon.client;

/**
 * The server says the client is set up wrong (02: the token proves nothing; 13 without a name;
 * 07 for its name; 01; 05). Retrying cannot help: the client stops and says what to fix.
 */
public final class ConfigurationError extends Exception {

    public ConfigurationError(String message) {
        super(message);
    }
}
