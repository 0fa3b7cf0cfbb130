package dev.beacon.dns;

import dev.beacon.tsig.TsigCheck;
import java.net.InetAddress;

/**
 * An RFC 2136 UPDATE whose TSIG verified: what the update service decides on. Immutable.
 *
 * @param message the whole message as received
 * @param sectionsEnd where its records before the TSIG record end
 * @param tsig the verified signature; its key is what the zone's grants are checked against
 * @param source the requester's address
 */
public record UpdateRequest(byte[] message, int sectionsEnd, TsigCheck tsig, InetAddress source) {

    public UpdateRequest {
        message = message.clone();
    }

    @Override
    public byte[] message() {
        return message.clone();
    }

    /** The requester and its key: for logs. */
    public String describe() {
        return dev.beacon.ip.IpLiteral.format(source) + " (key " + tsig.key().name() + ")";
    }
}
