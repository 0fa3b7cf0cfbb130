package dev.beacon.tsig;

import io.netty.buffer.ByteBuf;
import java.time.Clock;
import javax.crypto.Mac;

/**
 * Signs one message, or the messages of one answer stream in order, each MAC chained from the one
 * before (RFC 8945 §5.3.1): the first from the request's MAC with all TSIG variables, every later
 * one from the previous message's MAC with the timers only. One per answer; not thread-safe.
 */
public final class TsigSigner {

    private final TsigKey key;
    private final Clock clock;
    private final byte[] keyName;
    private final byte[] algorithm;
    private byte[] prior;
    private boolean first = true;

    private TsigSigner(TsigKey key, Clock clock, byte[] prior) {
        this.key = key;
        this.clock = clock;
        this.keyName = key.nameWire();
        this.algorithm = key.algorithm().wire();
        this.prior = prior;
    }

    /** A signer for the answer to a verified request (or one whose error is signed: BADTIME, BADTRUNC). */
    public static TsigSigner answering(TsigCheck request, Clock clock) {
        if (!request.answerSigned()) {
            throw new IllegalArgumentException("a " + TsigError.name(request.error()) + " answer is not signed");
        }
        return new TsigSigner(request.key(), clock, request.record().mac());
    }

    /** A signer for a request Beacon sends (a NOTIFY). */
    public static TsigSigner requesting(TsigKey key, Clock clock) {
        return new TsigSigner(key, clock, null);
    }

    public TsigKey key() {
        return key;
    }

    /** The MAC of the last message signed: what the peer's answer to a request chains from. */
    public byte[] lastMac() {
        return prior.clone();
    }

    /** Signs the message at {@code [base, writerIndex)} and appends its TSIG record. */
    public void sign(ByteBuf out, int base) {
        sign(out, base, TsigError.NOERROR, null);
    }

    /**
     * Signs the answer to a request whose check failed with a signed error (BADTIME, BADTRUNC).
     * A BADTIME answer carries the request's time and, as Other Data, ours, so the requester
     * can see the difference (RFC 8945 §5.2.3).
     */
    public void signError(ByteBuf out, int base, TsigCheck check) {
        sign(out, base, check.error(), check.error() == TsigError.BADTIME ? check.record() : null);
    }

    private void sign(ByteBuf out, int base, int error, TsigRecord badTimeRequest) {
        long now = clock.millis() / 1000;
        long time = badTimeRequest == null ? now : badTimeRequest.timeSigned();
        // Other Data is only ever our time, in a BADTIME answer.
        byte[] other = badTimeRequest == null ? new byte[0]
                : new byte[] {(byte) (now >>> 40), (byte) (now >>> 32), (byte) (now >>> 24), (byte) (now >>> 16),
                        (byte) (now >>> 8), (byte) now};
        Mac mac = key.newMac();
        if (prior != null) {
            Signing.priorMac(mac, prior);
        }
        mac.update(out.nioBuffer(base, out.writerIndex() - base));
        Signing.variables(mac, keyName, algorithm, time, Signing.FUDGE, error, other, first);
        byte[] digest = mac.doFinal();
        Signing.append(out, base, keyName, algorithm, time, Signing.FUDGE, digest, error, other);
        prior = digest;
        first = false;
    }

    /**
     * Appends the unsigned TSIG record of a BADKEY or BADSIG answer (RFC 8945 §5.3.2): the
     * request's key and algorithm names, no MAC, the error.
     */
    public static void appendUnsigned(ByteBuf out, int base, TsigRecord request, int error, Clock clock) {
        Signing.append(out, base, request.keyName(), request.algorithmName(), clock.millis() / 1000, Signing.FUDGE,
                new byte[0], error, new byte[0]);
    }
}
