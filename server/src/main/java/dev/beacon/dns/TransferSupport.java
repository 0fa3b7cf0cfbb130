package dev.beacon.dns;

import dev.beacon.logging.ThrottledLog;
import dev.beacon.registry.ZoneState;
import dev.beacon.tsig.Keyring;
import java.time.Clock;

/**
 * What the DNS listeners need beyond the zones to serve secondaries and signed updates: the TSIG
 * keys signed messages are verified with, the service that answers transfers, where refused
 * signatures and updates are logged (rate-limited), the clock TSIG times are checked against,
 * the catalog zone, whose apex answers SOA and NS queries like a zone's, and the service that
 * decides RFC 2136 updates. Immutable.
 *
 * @param catalog the catalog zone's state, or null when there is none
 */
public record TransferSupport(Keyring keys, TransferService transfers, ThrottledLog refusals, Clock clock,
        ZoneState catalog, UpdateService updates) {
}
