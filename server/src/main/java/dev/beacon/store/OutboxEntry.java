package dev.beacon.store;

/**
 * A webhook event waiting for delivery, written in the same transaction as the change it tells
 * of, so a crash between commit and delivery loses nothing.
 *
 * @param hook which webhook it is for (its zone and URL)
 * @param seq the journal sequence number of the change: the delivery order within a hook
 * @param event {@code address-changed}, {@code name-added} or {@code name-released}
 * @param body the JSON to POST
 * @param createdMillis when the change was committed
 */
public record OutboxEntry(String hook, long seq, String event, String body, long createdMillis) {
}
