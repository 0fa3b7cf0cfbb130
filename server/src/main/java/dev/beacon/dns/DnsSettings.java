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
 */
public record DnsSettings(int udpPayload, Duration tcpInitialTimeout, Duration tcpIdleTimeout,
        Duration tcpMessageTimeout, int maxTcpConnections) {

    public DnsSettings {
        if (udpPayload < 512 || udpPayload > 65_535) {
            throw new IllegalArgumentException("udp-payload must be 512..65535");
        }
    }

    public static DnsSettings defaults() {
        return new DnsSettings(1232, Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(2), 1024);
    }
}
