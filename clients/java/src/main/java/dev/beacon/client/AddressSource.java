package dev.beacon.client;

import java.io.IOException;

/**
 * Where the client learns its current WAN address: the server's {@code ipdetect} by default, or a
 * local command (a modem's status page, an interface). A one-method seam.
 */
public interface AddressSource {

    /**
     * The current address as text.
     *
     * @throws IOException when it cannot be learned now (the client backs off and retries)
     */
    String detect() throws IOException;
}
