package dev.beacon.zone;

import dev.beacon.tsig.TsigKey;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One entry of a zone's {@code allow-update} list: a TSIG key may change these types at one
 * owner name by RFC 2136 UPDATE. The owner is given relative to the apex, label by label, where
 * {@code *} stands for any one label ({@code _acme-challenge.*}: every device name's challenge).
 * Immutable.
 *
 * @param key the key the update must be signed with
 * @param owner the owner's labels under the apex, leftmost first ({@code [_acme-challenge, cam1]})
 * @param types the types it may add and delete there
 */
public record UpdateGrant(TsigKey key, List<String> owner, Set<UpdatableType> types) {

    public UpdateGrant {
        owner = List.copyOf(owner);
        if (owner.isEmpty() || types.isEmpty()) {
            throw new IllegalArgumentException("an update grant needs an owner name and at least one type");
        }
        types = java.util.Collections.unmodifiableSet(EnumSet.copyOf(types));
    }

    /** Whether it covers an owner with these labels under the apex (lowercase, leftmost first). */
    public boolean covers(List<String> labels) {
        if (labels.size() != owner.size()) {
            return false;
        }
        for (int i = 0; i < labels.size(); i++) {
            if (!owner.get(i).equals("*") && !owner.get(i).equals(labels.get(i))) {
                return false;
            }
        }
        return true;
    }
}
