package dev.beacon.flood;

import dev.beacon.token.DeviceId;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flood detection: token buckets per client address and per device, checked in memory before
 * any database work. A request over either limit gets 911 with the seconds to wait; it changes
 * nothing. Thread-safe.
 */
public final class FloodGuard {

    private static final Logger log = LoggerFactory.getLogger(FloodGuard.class);

    private record DeviceKey(String zone, DeviceId device) {
    }

    /** IPv4 by address, IPv6 by /64: one subscriber gets a whole /64, so that is one client. */
    private record AddressKey(boolean v6, long bits) {
    }

    private final BucketTable<AddressKey> addresses;
    private final BucketTable<DeviceKey> devices;
    private final LongSupplier nanoTime;

    public FloodGuard(FloodLimits limits, LongSupplier nanoTime) {
        this.addresses = new BucketTable<>(limits.address(), limits.maxTracked());
        this.devices = new BucketTable<>(limits.device(), limits.maxTracked());
        this.nanoTime = nanoTime;
    }

    /** 0 when the address may go on, else the seconds it should wait (Retry-After). */
    public long checkAddress(InetAddress client) {
        return seconds(addresses.take(keyOf(client), nanoTime.getAsLong()));
    }

    /** 0 when the device may go on, else the seconds it should wait (Retry-After). */
    public long checkDevice(String zone, DeviceId device) {
        return seconds(devices.take(new DeviceKey(zone, device), nanoTime.getAsLong()));
    }

    /** Forgets idle buckets; call now and then (every minute or so). */
    public void sweep() {
        long now = nanoTime.getAsLong();
        addresses.sweep(now);
        devices.sweep(now);
        long a = addresses.takeUntracked();
        long d = devices.takeUntracked();
        if (a + d > 0) {
            log.warn("flood tables full: {} address and {} device requests went unlimited; raise flood.max-tracked", a, d);
        }
    }

    private static long seconds(long nanos) {
        return nanos == 0 ? 0 : Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
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
