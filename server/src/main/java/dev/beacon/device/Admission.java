package dev.beacon.device;

import dev.beacon.auth.Verdict;
import dev.beacon.record.RequestMeta;

/**
 * The outcome of the checks every authenticated request passes, in one order for every dialect:
 * the client address's flood limit, the token, then the device's flood limit.
 */
sealed interface Admission {

    /** The token proves this device, and neither it nor its address is flooding. */
    record Admitted(Verdict.Accepted device, RequestMeta meta) implements Admission {
    }

    /** The token proves nothing (native 02). */
    record BadToken() implements Admission {
    }

    /** Too many requests, from the address, the device or the whole fleet (native 911). */
    record Flooded(long retryAfterSeconds) implements Admission {
    }
}
