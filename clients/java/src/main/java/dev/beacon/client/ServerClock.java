package dev.beacon.client;

import java.time.Clock;

/**
 * The time tokens are minted with. A device with a clock uses it; a clock-less device takes the
 * time from the {@code Date} header of the server's replies (protocol §2), which this class keeps
 * as an offset from the local monotonic-ish clock. Not thread-safe: one per client.
 */
public final class ServerClock {

    private final Clock local;
    private final boolean clockless;
    private Long offsetMillis;

    public ServerClock(Clock local, boolean clockless) {
        this.local = local;
        this.clockless = clockless;
    }

    /** Learns the server's time from a reply's Date header (when the reply had one). */
    public void observe(ServerReply reply) {
        if (clockless && reply.dateMillis() > 0) {
            offsetMillis = reply.dateMillis() - local.millis();
        }
    }

    /** True when tokens can be minted: always with a clock, after one reply without. */
    public boolean known() {
        return !clockless || offsetMillis != null;
    }

    public long nowSeconds() {
        return nowMillis() / 1000;
    }

    /** The time in milliseconds: what a version 2 token's counter is made of. */
    public long nowMillis() {
        return local.millis() + (clockless && offsetMillis != null ? offsetMillis : 0);
    }
}
