package dev.beacon.auth;

import dev.beacon.token.DeviceId;
import dev.beacon.token.OpenedToken;
import dev.beacon.zone.Zone;

/** What the verifier decided about a token presented with a request. */
public sealed interface Verdict {

    /**
     * The token proves this device in this zone.
     *
     * @param nonce the token's nonce as hex, or null for a static token (reusable by design)
     * @param validUntilMillis when the token expires (0 for a static one)
     * @param generation a version 2 token's key generation (0 for version 1)
     * @param counter a version 2 token's counter, or 0 for version 1
     */
    record Accepted(Zone zone, DeviceId device, boolean isStatic, String nonce, long validUntilMillis, long generation,
            long counter) implements Verdict {

        /** A version 1 token's verdict. */
        public Accepted(Zone zone, DeviceId device, boolean isStatic, String nonce, long validUntilMillis) {
            this(zone, device, isStatic, nonce, validUntilMillis, 0, 0);
        }
    }

    /** The token proves nothing: reply 02. */
    record Refused(OpenedToken.Reason reason) implements Verdict {
    }

    /** The replay cache is full: the server is being flooded with fresh tokens; reply 911. */
    record Overloaded() implements Verdict {
    }
}
