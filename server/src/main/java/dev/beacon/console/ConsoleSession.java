package dev.beacon.console;

/**
 * A signed-in operator.
 *
 * @param id the cookie's value: 256 random bits
 * @param tokenHash the admin token's stored hash, so each page acts as that token and a revoked
 *     token ends the session at its next page
 * @param name the admin token's name
 * @param canWrite whether it is a write token
 * @param csrf the value every form of this session carries; a write without it is refused
 * @param expiresAtMillis when the session ends, however busy
 */
record ConsoleSession(String id, String tokenHash, String name, boolean canWrite, String csrf, long expiresAtMillis) {
}
