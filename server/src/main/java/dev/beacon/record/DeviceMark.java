package dev.beacon.record;

import dev.beacon.token.DeviceId;

/**
 * An operator's verdict on a device, kept in the journal beside name changes so every node and
 * the device's history see it: a blocked device's requests are refused ({@code 02}) before any
 * database work, while its names keep resolving until released; a revoked device's version 2 keys
 * below {@code generation} are refused from then on; a device's static secret (for third-party
 * clients) is set, replacing any before it, or revoked.
 *
 * @param device the device
 * @param kind what the operator did
 * @param generation for {@link Kind#REVOKE}, the lowest key generation still accepted; else 0
 * @param secretHash for {@link Kind#SECRET}, the SHA-256 (hex) of the device's new static secret,
 *     or null when its secret was revoked; else null
 */
public record DeviceMark(DeviceId device, Kind kind, long generation, String secretHash) {

    /** What an operator did to a device. */
    public enum Kind { BLOCK, UNBLOCK, REVOKE, SECRET }

    public DeviceMark(DeviceId device, Kind kind, long generation) {
        this(device, kind, generation, null);
    }

    /** A block or an unblock. */
    public DeviceMark(DeviceId device, boolean blocked) {
        this(device, blocked ? Kind.BLOCK : Kind.UNBLOCK, 0);
    }

    /** A new static secret for the device (its hash), or with null its secret revoked. */
    public static DeviceMark secret(DeviceId device, String secretHash) {
        return new DeviceMark(device, Kind.SECRET, 0, secretHash);
    }

    public boolean isSecret() {
        return kind == Kind.SECRET;
    }

    /** A revocation of every key generation below {@code generation}. */
    public static DeviceMark revoke(DeviceId device, long generation) {
        return new DeviceMark(device, Kind.REVOKE, generation);
    }

    public boolean blocked() {
        return kind == Kind.BLOCK;
    }

    public boolean isRevocation() {
        return kind == Kind.REVOKE;
    }
}
