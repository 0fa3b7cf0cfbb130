package dev.beacon.update;

import dev.beacon.zone.UpdatableType;
import java.util.List;

/**
 * Where under a device's name an update's owner lies: the name itself, {@code _acme-challenge.}
 * the name (its TXT values), or {@code _service._proto.} the name (SRV, TLSA). Immutable.
 *
 * @param label the device's name: the label under the apex
 * @param prefix the labels between the owner and the name ({@code _sip._tcp}); empty for the name,
 *     {@code _acme-challenge} for its challenge
 */
record Place(String label, String prefix) {

    static final String CHALLENGE = "_acme-challenge";

    /** The place of an owner with these labels under the apex, or null when no device's data lives there. */
    static Place of(List<String> owner) {
        return switch (owner.size()) {
            case 1 -> new Place(owner.get(0), "");
            case 2 -> owner.get(0).equals(CHALLENGE) ? new Place(owner.get(1), CHALLENGE) : null;
            case 3 -> owner.get(0).startsWith("_") && owner.get(1).startsWith("_")
                    ? new Place(owner.get(2), owner.get(0) + "." + owner.get(1)) : null;
            default -> null;
        };
    }

    /** Whether records of this type live here (the rule {@code allow-update} is checked with). */
    boolean holds(UpdatableType type) {
        return isName() ? type.livesAt(1, label) : isChallenge() ? type.livesAt(2, CHALLENGE) : type.livesAt(3, prefix);
    }

    boolean isName() {
        return prefix.isEmpty();
    }

    boolean isChallenge() {
        return prefix.equals(CHALLENGE);
    }

    boolean isBelow() {
        return !isName() && !isChallenge();
    }
}
