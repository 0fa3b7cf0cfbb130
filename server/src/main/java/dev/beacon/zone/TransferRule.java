package dev.beacon.zone;

import dev.beacon.ip.Cidr;
import dev.beacon.tsig.TsigKey;
import java.net.InetAddress;

/**
 * One entry of a zone's {@code allow-transfer} list: who may transfer the zone. A rule with a key
 * admits only requests signed with it; a rule with a prefix admits only requests from it; a rule
 * with both needs both. Immutable.
 *
 * @param key the TSIG key required, or null for none
 * @param from the source prefix required, or null for any source
 */
public record TransferRule(TsigKey key, Cidr from) {

    public TransferRule {
        if (key == null && from == null) {
            throw new IllegalArgumentException("a transfer rule needs a key, a prefix, or both");
        }
    }

    /**
     * @param signedWith the key the request was verified with, or null when it was unsigned
     */
    public boolean admits(TsigKey signedWith, InetAddress source) {
        return (key == null || key.equals(signedWith)) && (from == null || from.contains(source));
    }
}
