package dev.beacon.store;

/**
 * One page of the operator's device list: devices ordered by zone, then device id, after a
 * position (keyset pagination, so a page is an index range however deep, and devices added or
 * removed meanwhile neither repeat nor shift the ones after).
 *
 * @param zone only this zone, or null for every zone
 * @param text what to look for, or null: an address (exact), or else a name prefix, a device id
 *     prefix or a User-Agent substring, case-insensitive
 * @param afterZone the zone of the last device of the previous page, or null for the first page
 * @param afterDevice the device id of the last device of the previous page, or null
 * @param limit at most this many devices
 */
public record DeviceQuery(String zone, String text, String afterZone, String afterDevice, int limit) {
}
