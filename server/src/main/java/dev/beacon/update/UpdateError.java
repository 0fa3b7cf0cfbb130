package dev.beacon.update;

/** Why an update is answered with an error before it reaches the registry: the RCODE and, for the log, the reason. */
final class UpdateError extends Exception {

    private final int rcode;

    UpdateError(int rcode, String reason) {
        super(reason, null, false, false);
        this.rcode = rcode;
    }

    int rcode() {
        return rcode;
    }
}
