package dev.beacon.token;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The identity a device proves with its token: a MAC address in canonical form
 * ({@code E0:46:9A:B8:1B:FC}) or any other identifier (a serial number) kept exactly as sent.
 *
 * <p>Immutable. Construct through {@link #parse(String)}, which normalises the common MAC
 * spellings ({@code e0469ab81bfc}, {@code E0-46-9A-B8-1B-FC}, {@code e046.9ab8.1bfc}) so that a
 * device is the same device whichever spelling its firmware uses (protocol §2).
 */
public record DeviceId(String value) {

    /** Longest identifier in UTF-8 bytes (protocol §2). */
    public static final int MAX_BYTES = 64;


    public DeviceId {
        String problem = problemWith(value);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * Parses and normalises a device identifier.
     *
     * @throws IllegalArgumentException if it is empty, longer than 64 UTF-8 bytes or holds a
     *     control character
     */
    public static DeviceId parse(String raw) {
        if (raw == null) {
            throw new IllegalArgumentException("device id is missing");
        }
        return new DeviceId(normalise(raw));
    }

    /** Returns the identifier as {@link #parse} would store it, or null when it is not valid. */
    public static DeviceId parseOrNull(String raw) {
        if (raw == null) {
            return null;
        }
        String normal = normalise(raw);
        return problemWith(normal) == null ? new DeviceId(normal) : null;
    }

    /** True when this identifier is a MAC address (and therefore in canonical colon form). */
    public boolean isMac() {
        return isGrouped(value, 2, ':');
    }

    /** UTF-8 bytes, the form sealed into a token. */
    public byte[] utf8() {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return value;
    }

    private static String normalise(String raw) {
        // Runs for every token the server opens, so plain character checks instead of regexes.
        String hex;
        if (raw.length() == 12 && isHex(raw, 0, 12)) {
            hex = raw;
        } else if (isGrouped(raw, 2, ':') || isGrouped(raw, 2, '-') || isGrouped(raw, 4, '.')) {
            StringBuilder digits = new StringBuilder(12);
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c != ':' && c != '-' && c != '.') {
                    digits.append(c);
                }
            }
            hex = digits.toString();
        } else {
            return raw;
        }
        hex = hex.toUpperCase(Locale.ROOT);
        StringBuilder mac = new StringBuilder(17);
        for (int i = 0; i < 12; i += 2) {
            if (i > 0) {
                mac.append(':');
            }
            mac.append(hex, i, i + 2);
        }
        return mac.toString();
    }

    /** True for 12 hex digits in groups of {@code group}, separated by {@code separator}. */
    private static boolean isGrouped(String s, int group, char separator) {
        int groups = 12 / group;
        if (s.length() != 12 + groups - 1) {
            return false;
        }
        for (int g = 0; g < groups; g++) {
            int start = g * (group + 1);
            if (!isHex(s, start, start + group) || g < groups - 1 && s.charAt(start + group) != separator) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.digit(s.charAt(i), 16) < 0 || s.charAt(i) > 'f') {
                return false;
            }
        }
        return true;
    }

    private static String problemWith(String value) {
        if (value == null || value.isEmpty()) {
            return "device id is empty";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                return "device id holds a control character";
            }
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(++i)))) {
                return "device id is not valid Unicode";
            }
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "device id is longer than " + MAX_BYTES + " bytes";
        }
        return null;
    }
}
