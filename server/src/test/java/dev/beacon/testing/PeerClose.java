package dev.beacon.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;

/** Whether the server ended a test's connection: EOF or a reset within the socket's read timeout. */
public final class PeerClose {

    private PeerClose() {
    }

    /** Reads one byte: EOF or reset means closed; a read timeout means still open. */
    public static boolean seenOn(InputStream in) {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
