package dev.beacon.record;

import dev.beacon.token.DeviceId;

/**
 * An operator's verdict on a device, kept in the journal beside name changes so every node and
 * the device's history see it: a blocked device's requests are refused ({@code 02}) before any
 * database work, while its names keep resolving until released.
 */
public record DeviceMark(DeviceId device, boolean blocked) {
}
