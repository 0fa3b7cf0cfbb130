package dev.beacon.tsig;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The configured TSIG keys, by name. Immutable. */
public final class Keyring {

    private final Map<String, TsigKey> byName;

    public Keyring(List<TsigKey> keys) {
        Map<String, TsigKey> m = new HashMap<>();
        for (TsigKey k : keys) {
            if (m.put(k.name(), k) != null) {
                throw new IllegalArgumentException("TSIG key " + k.name() + " is configured twice");
            }
        }
        this.byName = Map.copyOf(m);
    }

    public static Keyring empty() {
        return new Keyring(List.of());
    }

    /** The key of that name (lowercase, no trailing dot), or null. */
    public TsigKey find(String name) {
        return byName.get(name);
    }

    /** Every key, for comparing two configurations. */
    public java.util.Set<TsigKey> keys() {
        return java.util.Set.copyOf(byName.values());
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }
}
