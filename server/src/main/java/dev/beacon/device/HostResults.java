package dev.beacon.device;

import dev.beacon.record.Addresses;
import java.util.List;

/**
 * What a {@link HostUpdate} did.
 *
 * @param status the request as a whole
 * @param retryAfterSeconds for {@link Status#FLOOD} and {@link Status#SERVER_ERROR}, how long to wait
 * @param addresses the addresses the request carried (what "good IP" reports); NONE for TXT-only
 * @param hosts one result per requested name, in request order (empty unless {@link Status#DONE})
 */
public record HostResults(Status status, long retryAfterSeconds, Addresses addresses, List<Host> hosts) {

    /** The request as a whole. */
    public enum Status {
        /** Every name has its result in {@code hosts}. */
        DONE,
        /** The token proves nothing (native 02). */
        BAD_TOKEN,
        /** Too many requests (native 911); nothing changed. */
        FLOOD,
        /** The address is malformed or refused by policy (native 04); nothing changed. */
        BAD_ADDRESS,
        /** Storage failed or the server is saturated (native 12); nothing changed. */
        SERVER_ERROR
    }

    /** What happened to one requested name. */
    public enum Host {
        /** Its data changed. */
        CHANGED,
        /** It already had this data. */
        UNCHANGED,
        /** A well-formed name this device does not hold (or that does not exist). */
        NOT_HELD,
        /** Not a valid name in a served zone. */
        NOT_FQDN
    }

    public HostResults {
        hosts = List.copyOf(hosts);
    }

    static HostResults failed(Status status, long retryAfter) {
        return new HostResults(status, retryAfter, Addresses.NONE, List.of());
    }
}
