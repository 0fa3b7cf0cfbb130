package dev.beacon.registry;

import java.util.function.Predicate;

/**
 * Accepts the one label a lookup is after, so a reader can look a name up while it is still bytes
 * in a packet buffer, without building a String (see {@link ZoneState#recordMatching}).
 */
public interface LabelMatcher extends Predicate<String> {

    /** True for the label sought. */
    boolean matches(String label);

    @Override
    default boolean test(String label) {
        return matches(label);
    }
}
