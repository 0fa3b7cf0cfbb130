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

    private final BucketTable<AddressKey> addresses;
    private final BucketTable<AddressKey> networks;
    private final BucketTable<DeviceKey> devices;
    private final BucketTable<DeviceKey> unchanged;
    private final LongSupplier nanoTime;

    public FloodGuard(FloodLimits limits, LongSupplier nanoTime) {
        this.addresses = new BucketTable<>(limits.address(), limits.maxTracked());
        this.networks = new BucketTable<>(limits.network(), limits.maxTracked());
        this.devices = new BucketTable<>(limits.device(), limits.maxTracked());
        this.unchanged = new BucketTable<>(limits.unchanged(), limits.maxTracked());
        this.nanoTime = nanoTime;
    }

    /** 0 when the address and its network may go on, else the seconds to wait (Retry-After). */
    public long checkAddress(InetAddress client) {
        long now = nanoTime.getAsLong();
        long wait = addresses.take(keyOf(client), now);
        return seconds(wait > 0 ? wait : networks.take(networkOf(client), now));
    }

    /**
     * 0 when the device may go on, else the seconds it should wait (Retry-After): over its request
     * limit, or out of updates that change nothing this hour. Called only for a token that verified,
     * so nobody can spend another device's allowance without its key.
     */
    public long checkDevice(String zone, DeviceId device) {
        long now = nanoTime.getAsLong();
        DeviceKey key = new DeviceKey(zone, device);
        long wait = unchanged.peek(key, now);
        return seconds(wait > 0 ? wait : devices.take(key, now));
    }

    /** A device's update changed nothing ({@code 08}): spends one of its hour's allowance. */
    public void unchanged(String zone, DeviceId device) {
        unchanged.take(new DeviceKey(zone, device), nanoTime.getAsLong());
    }

    /** Forgets idle buckets; call now and then (every minute or so). */
    public void sweep() {
        long now = nanoTime.getAsLong();
        addresses.sweep(now);
        networks.sweep(now);
        devices.sweep(now);
        unchanged.sweep(now);
        long a = addresses.takeEvicted() + networks.takeEvicted();
        long d = devices.takeEvicted() + unchanged.takeEvicted();
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
