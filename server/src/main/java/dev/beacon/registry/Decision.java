package dev.beacon.registry;

import java.util.Set;

/**
 * The registry's answer to a command.
 *
 * @param outcome what happened
 * @param fqdn the name created, for {@link Outcome#CREATED}; otherwise null
 * @param changed the labels whose data changed, for {@link Outcome#MODIFIED}; otherwise empty
 */
public record Decision(Outcome outcome, String fqdn, Set<String> changed) {

    public Decision {
        changed = Set.copyOf(changed);
    }

    public static Decision of(Outcome outcome) {
        return new Decision(outcome, null, Set.of());
    }

    public static Decision created(String fqdn) {
        return new Decision(Outcome.CREATED, fqdn, Set.of());
    }

    public static Decision modified(Set<String> changed) {
        return new Decision(Outcome.MODIFIED, null, changed);
    }
}
