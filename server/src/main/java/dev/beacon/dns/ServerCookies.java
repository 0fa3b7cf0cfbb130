package dev.beacon.dns;

import java.net.InetAddress;

/**
 * DNS Cookies on the server side (RFC 7873), with the interoperable server cookie of RFC 9018:
 * version 1, three reserved zero bytes, the time it was made (seconds, 32 bits) and SipHash-2-4
 * under the server secret over client cookie, version, reserved, time and client address. A
 * client that returns a server cookie this server made for its address, recently, has shown it
 * receives answers at that address, which a spoofed source cannot; the rate limit spares it.
 *
 * <p>Nodes that share an address (anycast) share the secret ({@code dns.cookie-secret}). Thread-safe
 * (immutable); each call brings its own working array.
 */
final class ServerCookies {

    static final int CLIENT_COOKIE = 8;
    static final int SERVER_COOKIE = 16;
    /** Valid for an hour, and from up to five minutes in the future (RFC 9018 §4.3). */
    private static final long MAX_AGE = 3600;
    private static final long MAX_AHEAD = 300;

    private final byte[] secret;

    ServerCookies(byte[] secret) {
        if (secret.length != 16) {
            throw new IllegalArgumentException("the cookie secret is 16 bytes");
        }
        this.secret = secret.clone();
    }

    /**
     * Writes the server cookie for this client cookie, address and time (16 bytes) to
     * {@code out[at, at + 16)}.
     *
     * @param work at least 40 bytes of working space
     */
    void make(byte[] clientCookie, InetAddress client, long nowSeconds, byte[] out, int at, byte[] work) {
        out[at] = 1;
        out[at + 1] = 0;
        out[at + 2] = 0;
        out[at + 3] = 0;
        putInt(out, at + 4, (int) nowSeconds);
        putLong(out, at + 8, hash(clientCookie, out, at, client, work));
    }

    /**
     * Whether {@code serverCookie[0, length)} is one this server made for this client cookie and
     * address within the last hour.
     */
    boolean valid(byte[] clientCookie, byte[] serverCookie, int length, InetAddress client, long nowSeconds,
            byte[] work) {
        if (length != SERVER_COOKIE || serverCookie[0] != 1) {
            return false;
        }
        long made = getInt(serverCookie, 4) & 0xFFFFFFFFL;
        // Serial-number arithmetic (RFC 1982) on 32-bit seconds, as RFC 9018 §4.3 asks.
        long age = (int) (nowSeconds - made);
        if (age > MAX_AGE || age < -MAX_AHEAD) {
            return false;
        }
        long expected = hash(clientCookie, serverCookie, 0, client, work);
        return expected == getLong(serverCookie, 8);
    }

    /** SipHash over client cookie | version | reserved | timestamp (the 8 bytes at {@code header}) | address. */
    private long hash(byte[] clientCookie, byte[] header, int at, InetAddress client, byte[] work) {
        System.arraycopy(clientCookie, 0, work, 0, CLIENT_COOKIE);
        System.arraycopy(header, at, work, CLIENT_COOKIE, 8);
        byte[] address = client.getAddress();
        System.arraycopy(address, 0, work, 16, address.length);
        return SipHash24.hash(secret, work, 16 + address.length);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static void putLong(byte[] b, int at, long v) {
        putInt(b, at, (int) (v >>> 32));
        putInt(b, at + 4, (int) v);
    }

    private static int getInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF;
    }

    private static long getLong(byte[] b, int at) {
        return (long) getInt(b, at) << 32 | getInt(b, at + 4) & 0xFFFFFFFFL;
    }
}
