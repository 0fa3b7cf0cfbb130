package dev.beacon.dns;

/**
 * How large a reply may be on the transport it goes out on; a longer one is truncated (TC set)
 * so the client retries over TCP (RFC 7766 §5). Immutable.
 */
interface ReplyLimit {

    /** The most bytes a reply to {@code q} may have. */
    int bytes(Query q);

    /** UDP: 512 without EDNS, else the client's size (never under 512), at most our own payload (B11-B14). */
    static ReplyLimit udp(int maxPayload) {
        return q -> q.edns ? Math.min(Math.max(q.udpSize, Wire.MIN_UDP), maxPayload) : Wire.MIN_UDP;
    }

    /** TCP: a whole DNS message (RFC 1035 §4.2.2). */
    static ReplyLimit tcp() {
        return q -> 65_535;
    }
}
