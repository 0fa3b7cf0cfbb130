package dev.beacon.registry;

import dev.beacon.token.DeviceId;

/**
 * The static secrets of a zone's devices, by hash both ways: which device a presented secret's
 * hash proves (the dialects' update path), and which hash a device holds (so a new secret
 * replaces it and a revocation removes it). One secret per device. Immutable.
 */
final class DeviceSecrets {

    static final DeviceSecrets NONE = new DeviceSecrets(PersistentMap.empty(), PersistentMap.empty());

    private final PersistentMap<String, DeviceId> holders;
    private final PersistentMap<DeviceId, String> hashes;

    private DeviceSecrets(PersistentMap<String, DeviceId> holders, PersistentMap<DeviceId, String> hashes) {
        this.holders = holders;
        this.hashes = hashes;
    }

    /** The device whose secret has this hash, or null. */
    DeviceId holder(String hash) {
        return holders.get(hash);
    }

    /** Whether the device holds a secret. */
    boolean has(DeviceId device) {
        return hashes.get(device) != null;
    }

    /** With the device's secret set to this hash, replacing its old one; null removes it. */
    DeviceSecrets with(DeviceId device, String hash) {
        String old = hashes.get(device);
        PersistentMap<String, DeviceId> nextHolders = old == null ? holders : holders.minus(old);
        if (hash == null) {
            return old == null ? this : new DeviceSecrets(nextHolders, hashes.minus(device));
        }
        return new DeviceSecrets(nextHolders.plus(hash, device), hashes.plus(device, hash));
    }
}
