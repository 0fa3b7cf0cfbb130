package dev.beacon.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Response rate limiting for UDP (after BIND's and Knot's RRL): at most {@code perSecond}
 * identical responses a second to one client network (/24 for IPv4, /56 for IPv6 by default), so
 * Beacon cannot be used to reflect and amplify traffic at a spoofed victim. "Identical" is by
 * kind: an answer counts against its question, a name error or empty answer against its zone (so
 * random names share one budget), any other error against its response code. Past the budget,
 * every {@code slip}-th response goes out truncated (TC, no answer), which a real resolver retries
 * over TCP, where no limit applies; the rest are dropped.
 *
 * <p>A fixed table of one 64-bit word per slot (tag, second, count), updated by compare-and-set:
 * no allocation, no lock, bounded memory whatever the traffic. Slots are chosen by a hash keyed
 * with a random seed, so a sender cannot aim its keys at another's slot; two keys that do share a
 * slot reset each other's count, which errs towards answering. Thread-safe.
 */
final class ResponseRateLimit {

    /** What to do with a response. */
    enum Action { SEND, SLIP, DROP }

    private static final int SLOTS = 1 << 17;
    private static final long COUNT_MASK = (1L << 24) - 1;

    private final AtomicLongArray slots = new AtomicLongArray(SLOTS);
    private final int perSecond;
    private final int slip;
    private final long v4Mask;
    private final long v6Mask;
    private final long seed;

    /**
     * @param perSecond identical responses a second per network; above 0
     * @param slip every slip-th limited response is truncated rather than dropped; 0 drops them all
     */
    ResponseRateLimit(int perSecond, int slip, int v4Prefix, int v6Prefix) {
        if (perSecond < 1 || slip < 0 || v4Prefix < 1 || v4Prefix > 32 || v6Prefix < 1 || v6Prefix > 64) {
            throw new IllegalArgumentException("rate limit out of range");
        }
        this.perSecond = perSecond;
        this.slip = slip;
        this.v4Mask = -1L << 32 - v4Prefix & 0xFFFFFFFFL;
        this.v6Mask = -1L << 64 - v6Prefix;
        this.seed = new SecureRandom().nextLong();
    }

    /**
     * Counts one response to {@code client} of this kind in the current second.
     *
     * @param kind what makes responses identical (see the class comment), already hashed
     * @param second the current second of a monotonic clock
     */
    Action admit(InetAddress client, long kind, long second) {
        long h = mix(network(client) ^ mix(kind ^ seed));
        int index = (int) (h >>> 40) & SLOTS - 1;
        long tag = h & 0xFFFFFF;
        long now = second & 0xFFFF;
        long count;
        while (true) {
            long entry = slots.get(index);
            boolean same = entry >>> 40 == tag && (entry >>> 24 & 0xFFFF) == now;
            count = same ? Math.min((entry & COUNT_MASK) + 1, COUNT_MASK) : 1;
            long next = tag << 40 | now << 24 | count;
            if (entry == next || slots.compareAndSet(index, entry, next)) {
                break;
            }
        }
        if (count <= perSecond) {
            return Action.SEND;
        }
        return slip > 0 && (count - perSecond) % slip == 0 ? Action.SLIP : Action.DROP;
    }

    /** The client's network as a number: its address under the configured prefix, the family folded in. */
    private long network(InetAddress client) {
        if (client instanceof Inet4Address) {
            // hashCode of an IPv4 address is the address itself, read without a copy.
            return client.hashCode() & v4Mask;
        }
        byte[] a = client.getAddress();
        long high = 0;
        for (int i = 0; i < 8; i++) {
            high = high << 8 | a[i] & 0xFF;
        }
        return mix(high & v6Mask) ^ 0x6000_0000_0000_0000L;
    }

    /** A 64-bit finalizer (Stafford's variant 13 of MurmurHash3's), so nearby keys land far apart. */
    static long mix(long z) {
        z = (z ^ z >>> 30) * 0xbf58476d1ce4e5b9L;
        z = (z ^ z >>> 27) * 0x94d049bb133111ebL;
        return z ^ z >>> 31;
    }
}
