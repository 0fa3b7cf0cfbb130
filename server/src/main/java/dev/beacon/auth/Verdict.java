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
     */
    record Accepted(Zone zone, DeviceId device, boolean isStatic, String nonce, long validUntilMillis)
            implements Verdict {
    }

    /** The token proves nothing: reply 02. */
    record Refused(OpenedToken.Reason reason) implements Verdict {
    }

    /** The replay cache is full: the server is being flooded with fresh tokens; reply 911. */
    record Overloaded() implements Verdict {
    }
}
