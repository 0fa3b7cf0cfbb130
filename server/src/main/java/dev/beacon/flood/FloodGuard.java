package dev.beacon.flood;

import dev.beacon.token.DeviceId;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flood detection: token buckets per client address, per network (/24, /48), per device, and per
 * device for updates that change nothing, checked in memory before any database work. A request
 * over a limit gets 911 with the seconds to wait; it changes nothing. Thread-safe.
 */
public final class FloodGuard {

    private static final Logger log = LoggerFactory.getLogger(FloodGuard.class);

    private record DeviceKey(String zone, DeviceId device) {
    }

    /** IPv4 by address, IPv6 by /64: one subscriber gets a whole /64, so that is one client. */
    private record AddressKey(boolean v6, long bits) {
    }

    /** The tables of one set of limits; a reload of the limits replaces them all at once. */
    private record Tables(BucketTable<AddressKey> addresses, BucketTable<AddressKey> networks,
            BucketTable<DeviceKey> devices, BucketTable<DeviceKey> unchanged) {

        static Tables of(FloodLimits limits) {
            return new Tables(new BucketTable<>(limits.address(), limits.maxTracked()),
                    new BucketTable<>(limits.network(), limits.maxTracked()),
                    new BucketTable<>(limits.device(), limits.maxTracked()),
                    new BucketTable<>(limits.unchanged(), limits.maxTracked()));
        }
    }

    private volatile Tables tables;
    private final LongSupplier nanoTime;

    public FloodGuard(FloodLimits limits, LongSupplier nanoTime) {
        this.tables = Tables.of(limits);
        this.nanoTime = nanoTime;
    }

    /** New limits (a config reload): every bucket starts afresh under them. */
    public void limits(FloodLimits limits) {
        this.tables = Tables.of(limits);
    }

    /** 0 when the address and its network may go on, else the seconds to wait (Retry-After). */
    public long checkAddress(InetAddress client) {
        long now = nanoTime.getAsLong();
        Tables t = tables;
        long wait = t.addresses().take(keyOf(client), now);
        return seconds(wait > 0 ? wait : t.networks().take(networkOf(client), now));
    }

    /**
     * 0 when the device may go on, else the seconds it should wait (Retry-After): over its request
     * limit, or out of updates that change nothing this hour. Called only for a token that verified,
     * so nobody can spend another device's allowance without its key.
     */
    public long checkDevice(String zone, DeviceId device) {
        long now = nanoTime.getAsLong();
        DeviceKey key = new DeviceKey(zone, device);
        Tables t = tables;
        long wait = t.unchanged().peek(key, now);
        return seconds(wait > 0 ? wait : t.devices().take(key, now));
    }

    /** A device's update changed nothing ({@code 08}): spends one of its hour's allowance. */
    public void unchanged(String zone, DeviceId device) {
        tables.unchanged().take(new DeviceKey(zone, device), nanoTime.getAsLong());
    }

    /** Forgets idle buckets; call now and then (every minute or so). */
    public void sweep() {
        long now = nanoTime.getAsLong();
        Tables t = tables;
        t.addresses().sweep(now);
        t.networks().sweep(now);
        t.devices().sweep(now);
        t.unchanged().sweep(now);
        long a = t.addresses().takeEvicted() + t.networks().takeEvicted();
        long d = t.devices().takeEvicted() + t.unchanged().takeEvicted();
        if (a + d > 0) {
            log.warn("flood tables full: {} address and {} device buckets evicted, least recently used first;"
                    + " raise flood.max-tracked", a, d);
        }
    }

    private static long seconds(long nanos) {
        return nanos == 0 ? 0 : Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    /** IPv4 by /24, IPv6 by /48. */
    private static AddressKey networkOf(InetAddress client) {
        AddressKey a = keyOf(client);
        return new AddressKey(a.v6(), a.v6() ? a.bits() >>> 16 : a.bits() >>> 8);
    }

    private static AddressKey keyOf(InetAddress client) {
        byte[] b = client.getAddress();
        if (client instanceof Inet4Address) {
            return new AddressKey(false, ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL));
        }
        long prefix = 0;
        for (int i = 0; i < 8; i++) {
            prefix = prefix << 8 | (b[i] & 0xFF);
        }
        return new AddressKey(true, prefix);
    }
}
