package dev.beacon.zone;

import dev.beacon.tsig.TsigKey;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Who may change a zone by RFC 2136 UPDATE: its {@code allow-update} grants (default: nobody). Immutable. */
public record ZoneUpdates(List<UpdateGrant> grants) {

    public ZoneUpdates {
        grants = List.copyOf(grants);
    }

    public static ZoneUpdates none() {
        return new ZoneUpdates(List.of());
    }

    /** Whether some grant names this key. */
    public boolean admits(TsigKey key) {
        return grants.stream().anyMatch(g -> g.key().equals(key));
    }

    /** The types the key may change at an owner of these labels under the apex (empty: none). */
    public Set<UpdatableType> typesFor(TsigKey key, List<String> owner) {
        Set<UpdatableType> types = EnumSet.noneOf(UpdatableType.class);
        for (UpdateGrant g : grants) {
            if (g.key().equals(key) && g.covers(owner)) {
                types.addAll(g.types());
            }
        }
        return types;
    }
}
