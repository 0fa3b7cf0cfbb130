package dev.beacon.registry;

/**
 * The registry's answer to a command.
 *
 * @param outcome what happened
 * @param fqdn the name created, for {@link Outcome#CREATED}; otherwise null
 */
public record Decision(Outcome outcome, String fqdn) {

    public static Decision of(Outcome outcome) {
        return new Decision(outcome, null);
    }

    public static Decision created(String fqdn) {
        return new Decision(Outcome.CREATED, fqdn);
    }
}
