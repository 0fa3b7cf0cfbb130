package dev.beacon.record;

import dev.beacon.token.DeviceId;

/**
 * An operator's verdict on a device, kept in the journal beside name changes so every node and
 * the device's history see it: a blocked device's requests are refused ({@code 02}) before any
 * database work, while its names keep resolving until released; a revoked device's version 2 keys
 * below {@code generation} are refused from then on.
 *
 * @param device the device
 * @param kind what the operator did
 * @param generation for {@link Kind#REVOKE}, the lowest key generation still accepted; else 0
 */
public record DeviceMark(DeviceId device, Kind kind, long generation) {

    /** What an operator did to a device. */
    public enum Kind { BLOCK, UNBLOCK, REVOKE }

    /** A block or an unblock. */
    public DeviceMark(DeviceId device, boolean blocked) {
        this(device, blocked ? Kind.BLOCK : Kind.UNBLOCK, 0);
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
