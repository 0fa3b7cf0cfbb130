package dev.beacon.tsig;

import io.netty.buffer.ByteBuf;
import java.security.MessageDigest;
import java.time.Clock;
import javax.crypto.Mac;

/**
 * Verifies signed requests (RFC 8945 §5.2) against the configured keys: key and algorithm, MAC
 * (compared in constant time), then time, in that order, so an unauthenticated sender learns
 * nothing about our clock. Thread-safe.
 */
public final class TsigVerifier {

    private final Keyring keys;
    private final Clock clock;

    public TsigVerifier(Keyring keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * @param in the message from {@code start}, ending with {@code tsig}
     */
    public TsigCheck verify(ByteBuf in, int start, TsigRecord tsig) {
        TsigKey key = keys.find(DnsName.text(tsig.keyName()));
        return check(in, start, tsig, key, null);
    }

    /**
     * Verifies the answer to a request Beacon signed with {@code key}: its MAC chains from the
     * request's ({@code requestMac}).
     */
    public TsigCheck verifyAnswer(ByteBuf in, int start, TsigRecord tsig, TsigKey key, byte[] requestMac) {
        if (!DnsName.text(tsig.keyName()).equals(key.name())) {
            return new TsigCheck(TsigError.BADKEY, null, tsig);
        }
        return check(in, start, tsig, key, requestMac);
    }

    private TsigCheck check(ByteBuf in, int start, TsigRecord tsig, TsigKey key, byte[] prior) {
        if (key == null || !java.util.Arrays.equals(key.algorithm().wire(), tsig.algorithmName())) {
            return new TsigCheck(TsigError.BADKEY, null, tsig);
        }
        int full = key.algorithm().macLength();
        int macSize = tsig.mac().length;
        // E8: a MAC longer than the hash, or shorter than RFC 8945 §5.2.2.1 allows at all.
        if (macSize > full || macSize < Math.max(10, full / 2)) {
            return new TsigCheck(TsigCheck.FORMERR, key, tsig);
        }
        Mac mac = key.newMac();
        if (prior != null) {
            Signing.priorMac(mac, prior);
        }
        // The MAC covers the message as it was before the TSIG was added: original ID, one fewer
        // additional record, and nothing from the TSIG record on.
        byte[] header = new byte[12];
        in.getBytes(start, header);
        header[0] = (byte) (tsig.originalId() >>> 8);
        header[1] = (byte) tsig.originalId();
        int arcount = ((header[10] & 0xFF) << 8 | header[11] & 0xFF) - 1;
        header[10] = (byte) (arcount >>> 8);
        header[11] = (byte) arcount;
        mac.update(header);
        mac.update(in.nioBuffer(start + 12, tsig.offset() - 12));
        Signing.requestVariables(mac, tsig);
        byte[] expected = mac.doFinal();
        byte[] compared = java.util.Arrays.copyOf(expected, macSize);
        if (!MessageDigest.isEqual(compared, tsig.mac())) {
            return new TsigCheck(TsigError.BADSIG, key, tsig);
        }
        if (macSize < full) {
            // Valid, but shorter than this server's policy (full length) allows (E9).
            return new TsigCheck(TsigError.BADTRUNC, key, tsig);
        }
        long now = clock.millis() / 1000;
        // Time only after the MAC (E5): an unauthenticated sender learns nothing of our clock.
        if (Math.abs(now - tsig.timeSigned()) > tsig.fudge()) {
            return new TsigCheck(TsigError.BADTIME, key, tsig);
        }
        return new TsigCheck(TsigError.NOERROR, key, tsig);
    }
}
