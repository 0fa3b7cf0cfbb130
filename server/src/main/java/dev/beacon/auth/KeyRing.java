package dev.beacon.auth;

import dev.beacon.token.TokenKey;
import dev.beacon.zone.Zone;
import java.util.List;

/**
 * Every token key of every zone, by key id, and every version 2 master key, by master id. A key
 * id names exactly one key, and so one zone (protocol §2); so does a master id. Immutable and thread-safe; lookups are an array index.
 */
public final class KeyRing {

    private final TokenKey[] keys = new TokenKey[256];
    private final Zone[] zones = new Zone[256];
    private final TokenKey[] masters = new TokenKey[256];
    private final Zone[] masterZones = new Zone[256];

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
            for (TokenKey master : zone.masters()) {
                if (masters[master.id()] != null) {
                    throw new IllegalArgumentException("master id " + master.id() + " is used by both "
                            + masterZones[master.id()].name() + " and " + zone.name());
                }
                masters[master.id()] = master;
                masterZones[master.id()] = zone;
            }
        }
    }

    /** The version 2 master key with this id, or null. */
    public TokenKey master(int masterId) {
        return masterId >= 0 && masterId < 256 ? masters[masterId] : null;
    }

    /** The zone of the master key with this id, or null. */
    public Zone masterZone(int masterId) {
        return masterId >= 0 && masterId < 256 ? masterZones[masterId] : null;
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
