package dev.beacon.zone;

import dev.beacon.tsig.TsigKey;
import java.net.InetSocketAddress;

/**
 * A secondary told of a zone's changes (RFC 1996 NOTIFY). Immutable.
 *
 * @param address where the secondary listens
 * @param key the TSIG key NOTIFYs to it are signed with, or null to send them unsigned
 */
public record NotifyTarget(InetSocketAddress address, TsigKey key) {
}
