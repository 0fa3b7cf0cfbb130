package dev.beacon.dns;

import dev.beacon.logging.ThrottledLog;
import dev.beacon.tsig.Keyring;
import java.time.Clock;

/**
 * What the DNS listeners need beyond the zones to serve secondaries: the TSIG keys signed
 * messages are verified with, the service that answers transfers, where refused signatures are
 * logged (rate-limited), and the clock TSIG times are checked against. Immutable.
 */
public record TransferSupport(Keyring keys, TransferService transfers, ThrottledLog refusals, Clock clock) {
}
