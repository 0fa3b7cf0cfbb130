package dev.beacon.client;

/**
 * What the client remembers across restarts.
 *
 * @param address the address of the last successful update, or null
 * @param updatedAtSeconds when that was (unix seconds), or 0
 */
public record ClientState(String address, long updatedAtSeconds) {

    public static final ClientState EMPTY = new ClientState(null, 0);
}
