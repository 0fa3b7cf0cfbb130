package dev.beacon.device;

import dev.beacon.auth.Verdict;
import dev.beacon.ip.IpLiteral;
import dev.beacon.logging.ThrottledLog;
import java.net.InetAddress;

/**
 * Where the device API says what it turned away: refused tokens (with the codec's reason, never
 * the token) and flood refusals (with the wait asked for), each throttled on its own.
 *
 * @param tokens refused tokens
 * @param floods flood refusals (911)
 */
public record RefusalLog(ThrottledLog tokens, ThrottledLog floods) {

    void refusedToken(InetAddress client, String agent, Verdict.Refused refused) {
        tokens.warn("refused token from {} ({}): {}", IpLiteral.format(client), agent, refused.reason());
    }

    void flooded(InetAddress client, String agent, String scope, long retryAfterSeconds) {
        floods.warn("flood: {} ({}) exceeded the {} limit; asked to wait {} s", IpLiteral.format(client), agent, scope,
                retryAfterSeconds);
    }
}
