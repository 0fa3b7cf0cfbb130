package dev.beacon.dns;

import java.time.Duration;

/**
 * Limits of the DNS listeners.
 *
 * @param udpPayload the EDNS UDP payload Beacon advertises and the most it sends over UDP (1232,
 *     the DNS Flag Day 2020 value that avoids IP fragmentation)
 * @param tcpInitialTimeout a TCP connection that sends nothing is closed after this (D4)
 * @param tcpIdleTimeout a TCP connection idle after its answers is closed after this (D6)
 * @param tcpMessageTimeout a message begun but not finished within this closes the connection (D5)
 * @param maxTcpConnections TCP connections beyond this are closed at once (D7)
 * @param rateLimit response rate limiting over UDP (E1, E3)
 * @param cookies DNS Cookies (RFC 7873, RFC 9018)
 */
public record DnsSettings(int udpPayload, Duration tcpInitialTimeout, Duration tcpIdleTimeout,
        Duration tcpMessageTimeout, int maxTcpConnections, RateLimit rateLimit, Cookies cookies) {

    /**
     * @param perSecond identical responses a second to one client network; 0 turns the limit off
     * @param slip every slip-th limited response is sent truncated (so a resolver retries over
     *     TCP), the others dropped; 0 drops all
     * @param ipv4Prefix the IPv4 network a client is counted in
     * @param ipv6Prefix the IPv6 network a client is counted in
     */
    public record RateLimit(int perSecond, int slip, int ipv4Prefix, int ipv6Prefix) {

        public static RateLimit defaults() {
            return new RateLimit(20, 2, 24, 56);
        }

        public boolean enabled() {
            return perSecond > 0;
        }
    }

    /**
     * @param enabled whether a query's COOKIE is answered with a server cookie
     * @param secret the 16-byte secret server cookies are made with; null: a random one per start
     *     (nodes behind one address must share it)
     */
    public record Cookies(boolean enabled, byte[] secret) {

        public Cookies {
            if (secret != null && secret.length != 16) {
                throw new IllegalArgumentException("cookie-secret must be 16 bytes (32 hex digits)");
            }
            secret = secret == null ? null : secret.clone();
        }

        @Override
        public byte[] secret() {
            return secret == null ? null : secret.clone();
        }

        public static Cookies defaults() {
            return new Cookies(true, null);
        }
    }

    public DnsSettings {
        if (udpPayload < 512 || udpPayload > 65_535) {
            throw new IllegalArgumentException("udp-payload must be 512..65535");
        }
    }

    public static DnsSettings defaults() {
        return new DnsSettings(1232, Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(2), 1024,
                RateLimit.defaults(), Cookies.defaults());
    }
}
