package dev.beacon.dns;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the DNS server answered, counted as it answers: replies by query type and response code,
 * updates by response code,
 * truncated replies, TCP connections accepted. Read by the metrics when scraped; on the query
 * path it costs one table lookup and an add. Thread-safe.
 */
public final class DnsCounters {

    /** The query types counted by name; any other is counted as {@code OTHER}. */
    private static final int[] TYPES = {1, 2, 5, 6, 12, 15, 16, 28, 33, 43, 48, 64, 65, 251, 252, 255, 257};
    private static final String[] TYPE_NAMES = {"A", "NS", "CNAME", "SOA", "PTR", "MX", "TXT", "AAAA", "SRV", "DS",
        "DNSKEY", "SVCB", "HTTPS", "IXFR", "AXFR", "ANY", "CAA", "OTHER"};
    private static final int RCODES = 16;

    private final LongAdder[][] replies = new LongAdder[TYPE_NAMES.length][RCODES];
    private final LongAdder[] updates = new LongAdder[RCODES];
    private final LongAdder truncated = new LongAdder();
    private final LongAdder tcpAccepted = new LongAdder();
    private final LongAdder rateLimitedDropped = new LongAdder();
    private final LongAdder rateLimitedSlipped = new LongAdder();
    private final LongAdder cookiesVerified = new LongAdder();

    public DnsCounters() {
        for (LongAdder[] row : replies) {
            for (int i = 0; i < row.length; i++) {
                row[i] = new LongAdder();
            }
        }
        for (int i = 0; i < updates.length; i++) {
            updates[i] = new LongAdder();
        }
    }

    void updated(int rcode) {
        updates[rcode & 0xF].increment();
    }

    /** RFC 2136 updates answered with this response code. */
    public long updates(int rcode) {
        return updates[rcode].sum();
    }

    void replied(int qtype, int rcode, boolean wasTruncated) {
        replies[typeIndex(qtype)][rcode & 0xF].increment();
        if (wasTruncated) {
            truncated.increment();
        }
    }

    void rateLimited(ResponseRateLimit.Action action) {
        (action == ResponseRateLimit.Action.DROP ? rateLimitedDropped : rateLimitedSlipped).increment();
    }

    void cookieVerified() {
        cookiesVerified.increment();
    }

    void connectionAccepted() {
        tcpAccepted.increment();
    }

    private static int typeIndex(int qtype) {
        for (int i = 0; i < TYPES.length; i++) {
            if (TYPES[i] == qtype) {
                return i;
            }
        }
        return TYPES.length;
    }

    /** The query type names counted, {@code OTHER} last. */
    public static String[] typeNames() {
        return TYPE_NAMES.clone();
    }

    /** The response code names, by code. */
    public static String[] rcodeNames() {
        String[] names = new String[RCODES];
        for (int i = 0; i < RCODES; i++) {
            names[i] = Wire.rcodeName(i);
        }
        return names;
    }

    /** Replies to queries of the type at {@code typeIndex} in {@link #typeNames()} with this response code. */
    public long replies(int typeIndex, int rcode) {
        return replies[typeIndex][rcode].sum();
    }

    public long truncated() {
        return truncated.sum();
    }

    /** UDP responses the rate limit dropped. */
    public long rateLimitedDropped() {
        return rateLimitedDropped.sum();
    }

    /** UDP responses the rate limit sent truncated instead (slip). */
    public long rateLimitedSlipped() {
        return rateLimitedSlipped.sum();
    }

    /** Queries that returned a valid server cookie (spared by the rate limit). */
    public long cookiesVerified() {
        return cookiesVerified.sum();
    }

    public long tcpAccepted() {
        return tcpAccepted.sum();
    }
}
