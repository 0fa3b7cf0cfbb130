package dev.beacon.store;

/**
 * An operator's bearer token as stored: its name, what it may do, and when it was made. The
 * token itself is never stored, only its SHA-256 hash.
 */
public record AdminToken(String name, Scope scope, long createdMillis) {

    /** What a token may do. */
    public enum Scope {
        /** Read devices, zones, history and reports. */
        READ,
        /** Everything READ may, and block, unblock and release names. */
        WRITE;

        /** The scope's name as the CLI and the API spell it. */
        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The scope spelled {@code read} or {@code write}, or null. */
        public static Scope parse(String text) {
            return switch (text == null ? "" : text) {
                case "read" -> READ;
                case "write" -> WRITE;
                default -> null;
            };
        }
    }
}
