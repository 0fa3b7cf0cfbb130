package dev.beacon.tsig;

import io.netty.buffer.ByteBuf;
import javax.crypto.Mac;

/** The TSIG variables a MAC covers and the TSIG record's wire form (RFC 8945 §4.2, §4.3.3). */
final class Signing {

    /** Seconds of clock difference our signatures allow (RFC 8945 §10 recommends 300). */
    static final int FUDGE = 300;

    private Signing() {
    }

    /** The full variables of a request as it was signed. */
    static void requestVariables(Mac mac, TsigRecord tsig) {
        variables(mac, tsig.keyName(), tsig.algorithmName(), tsig.timeSigned(), tsig.fudge(), tsig.error(),
                tsig.other(), true);
    }

    /** TSIG variables: all of them, or the timers alone for the later messages of a stream (§5.3.1). */
    static void variables(Mac mac, byte[] keyName, byte[] algorithm, long time, int fudge, int error, byte[] other,
            boolean full) {
        byte[] buf = new byte[keyName.length + algorithm.length + 18 + other.length];
        int p = 0;
        if (full) {
            System.arraycopy(keyName, 0, buf, p, keyName.length);
            p += keyName.length;
            p = u16(buf, p, TsigRecord.CLASS_ANY);
            p = u16(buf, p, 0);
            p = u16(buf, p, 0);
            System.arraycopy(algorithm, 0, buf, p, algorithm.length);
            p += algorithm.length;
        }
        p = u16(buf, p, (int) (time >>> 32));
        p = u16(buf, p, (int) (time >>> 16));
        p = u16(buf, p, (int) time);
        p = u16(buf, p, fudge);
        if (full) {
            p = u16(buf, p, error);
            p = u16(buf, p, other.length);
            System.arraycopy(other, 0, buf, p, other.length);
            p += other.length;
        }
        mac.update(buf, 0, p);
    }

    /** Feeds a prior MAC (request's or previous message's) as its length and bytes. */
    static void priorMac(Mac mac, byte[] prior) {
        mac.update((byte) (prior.length >>> 8));
        mac.update((byte) prior.length);
        mac.update(prior);
    }

    private static int u16(byte[] buf, int p, int v) {
        buf[p] = (byte) (v >>> 8);
        buf[p + 1] = (byte) v;
        return p + 2;
    }

    /** Appends a TSIG record to the message starting at {@code base} and counts it in ARCOUNT. */
    static void append(ByteBuf out, int base, byte[] keyName, byte[] algorithm, long time, int fudge, byte[] mac,
            int error, byte[] other) {
        int originalId = out.getUnsignedShort(base);
        out.writeBytes(keyName);
        out.writeShort(TsigRecord.TYPE).writeShort(TsigRecord.CLASS_ANY).writeInt(0);
        out.writeShort(algorithm.length + 16 + mac.length + other.length);
        out.writeBytes(algorithm);
        out.writeShort((int) (time >>> 32)).writeInt((int) time).writeShort(fudge);
        out.writeShort(mac.length).writeBytes(mac);
        out.writeShort(originalId).writeShort(error).writeShort(other.length).writeBytes(other);
        out.setShort(base + 10, out.getUnsignedShort(base + 10) + 1);
    }
}
