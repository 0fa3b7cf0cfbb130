package dev.beacon.client;

import dev.beacon.token.DeviceId;
import dev.beacon.token.DeviceKey;
import dev.beacon.token.TokenKey;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How an update client runs.
 *
 * @param server the Beacon base URL ({@code https://ddns.example.com})
 * @param key the zone key and its id (version 1 tokens), or null with a device key
 * @param device the device's identity
 * @param name the label to register when the device has no record (protocol §5: re-add on 13),
 *     or null
 * @param state where the last successful address is kept across restarts
 * @param interval how often to check the address (default 300 s; under 60 s only for testing)
 * @param caFile a PEM CA certificate to trust for HTTPS instead of the system store, or null
 * @param detectCommand a command whose output is the current address, instead of asking the
 *     server's {@code ipdetect}, or null
 * @param clockless take the time for tokens from the server's {@code Date} header
 * @param userAgent sent with every request ({@code Company - Device - Version})
 * @param deviceKey the device's own key (version 2 tokens, each signing its request), or null
 *     with a zone key
 */
public record ClientSettings(URI server, TokenKey key, DeviceId device, String name, Path state, Duration interval,
        Path caFile, String detectCommand, boolean clockless, String userAgent, DeviceKey deviceKey) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(300);
    /** Below this, the client warns: a fleet polling this often floods its server. */
    public static final Duration MIN_RECOMMENDED_INTERVAL = Duration.ofSeconds(60);

    /** Settings for version 1 tokens, sealed with the zone key. */
    public ClientSettings(URI server, TokenKey key, DeviceId device, String name, Path state, Duration interval,
            Path caFile, String detectCommand, boolean clockless, String userAgent) {
        this(server, key, device, name, state, interval, caFile, detectCommand, clockless, userAgent, null);
    }

    public ClientSettings {
        if ((key == null) == (deviceKey == null)) {
            throw new IllegalArgumentException("give a zone key or a device key, not both or neither");
        }
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval must be positive");
        }
        String s = server.toString();
        if (!s.startsWith("http://") && !s.startsWith("https://")) {
            throw new IllegalArgumentException("server must be an http:// or https:// URL");
        }
    }
}
