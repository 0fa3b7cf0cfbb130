package dev.beacon.auth;

import dev.beacon.token.DeviceId;
import dev.beacon.token.OpenedToken;
import dev.beacon.zone.Zone;

/** What the verifier decided about a token presented with a request. */
public sealed interface Verdict {

    /** The token proves this device in this zone. */
    record Accepted(Zone zone, DeviceId device, boolean isStatic) implements Verdict {
    }

    /** The token proves nothing: reply 02. */
    record Refused(OpenedToken.Reason reason) implements Verdict {
    }

    /** The replay cache is full: the server is being flooded with fresh tokens; reply 911. */
    record Overloaded() implements Verdict {
    }
}
