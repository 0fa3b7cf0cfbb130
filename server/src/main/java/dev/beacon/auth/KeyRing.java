package dev.beacon.auth;

import dev.beacon.token.TokenKey;
import dev.beacon.zone.Zone;
import java.util.List;

/**
 * Every token key of every zone, by key id. A key id names exactly one key, and so one zone
 * (protocol §2). Immutable and thread-safe; lookups are an array index.
 */
public final class KeyRing {

    private final TokenKey[] keys = new TokenKey[256];
    private final Zone[] zones = new Zone[256];

    /**
     * @throws IllegalArgumentException when two keys share a key id
     */
    public KeyRing(List<Zone> all) {
        for (Zone zone : all) {
            for (TokenKey key : zone.keys()) {
                if (keys[key.id()] != null) {
                    throw new IllegalArgumentException("key id " + key.id() + " is used by both "
                            + zones[key.id()].name() + " and " + zone.name());
                }
                keys[key.id()] = key;
                zones[key.id()] = zone;
            }
        }
    }

    /** The key with this id, or null. */
    public TokenKey key(int keyId) {
        return keyId >= 0 && keyId < 256 ? keys[keyId] : null;
    }

    /** The zone the key with this id belongs to, or null. */
    public Zone zone(int keyId) {
        return keyId >= 0 && keyId < 256 ? zones[keyId] : null;
    }
}
