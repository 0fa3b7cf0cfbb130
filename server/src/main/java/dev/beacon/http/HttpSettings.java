package dev.beacon.http;

import java.time.Duration;

/**
 * Limits of the HTTP listener.
 *
 * @param maxUrl longest request line in bytes (414 beyond)
 * @param maxHeaders largest header block in bytes (431 beyond)
 * @param maxBody largest POST body in bytes (413 beyond)
 * @param requestTimeout a request must arrive whole within this time of its first byte, or of
 *     the connection opening (408 and close beyond); stops slow-header and slow-body clients
 * @param idleTimeout a keep-alive connection with no request for this long is closed
 * @param maxPipelined requests read ahead on one connection before reading pauses
 */
public record HttpSettings(int maxUrl, int maxHeaders, int maxBody, Duration requestTimeout, Duration idleTimeout,
        int maxPipelined) {

    public static HttpSettings defaults() {
        return new HttpSettings(4096, 8192, 8192, Duration.ofSeconds(10), Duration.ofSeconds(60), 16);
    }
}
