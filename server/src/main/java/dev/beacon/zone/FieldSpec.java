package dev.beacon.zone;

import java.util.regex.Pattern;

/**
 * A custom field a zone collects from its devices (port, firmware version...), with the bounds
 * a value must meet. Immutable.
 *
 * @param name the query parameter name, lowercase ASCII
 * @param type the value type
 * @param min smallest integer (INT only)
 * @param max largest integer (INT only)
 * @param maxLength longest string in characters (STRING only)
 * @param pattern regular expression the whole string must match, or null (STRING only)
 */
public record FieldSpec(String name, Type type, long min, long max, int maxLength, Pattern pattern) {

    /** Value types a field may have. */
    public enum Type { INT, STRING }

    /** Names the native protocol already uses; a custom field may not shadow them. */
    private static final java.util.Set<String> PROTOCOL_NAMES = java.util.Set.of("mac", "dm", "myip", "ttl", "ipv6iid",
            "myipv6prefix", "ipv6prefix", "cname", "mx", "srv", "tlsa");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    public FieldSpec {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("field name '" + name
                    + "' must be 1-32 lowercase letters, digits, '_' or '-', starting with a letter");
        }
        if (PROTOCOL_NAMES.contains(name)) {
            throw new IllegalArgumentException("field name '" + name + "' is a protocol parameter");
        }
        if (type == Type.INT && min > max) {
            throw new IllegalArgumentException("field '" + name + "': min is greater than max");
        }
        if (type == Type.STRING && (maxLength < 1 || maxLength > 1024)) {
            throw new IllegalArgumentException("field '" + name + "': max-length must be 1..1024");
        }
    }

    public static FieldSpec integer(String name, long min, long max) {
        return new FieldSpec(name, Type.INT, min, max, 0, null);
    }

    public static FieldSpec string(String name, int maxLength, Pattern pattern) {
        return new FieldSpec(name, Type.STRING, 0, 0, maxLength, pattern);
    }

    /** The value as it is stored, or null when it does not meet this field's type and bounds. */
    public String normalise(String raw) {
        String value = raw.strip();
        return switch (type) {
            case INT -> normaliseInt(value);
            case STRING -> normaliseString(value);
        };
    }

    private String normaliseInt(String value) {
        if (value.isEmpty() || value.length() > 19) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < '0' || c > '9') && !(i == 0 && c == '-' && value.length() > 1)) {
                return null;
            }
        }
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
        return n < min || n > max ? null : Long.toString(n);
    }

    private String normaliseString(String value) {
        if (value.codePointCount(0, value.length()) > maxLength) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return null;
            }
        }
        if (pattern != null && !pattern.matcher(value).matches()) {
            return null;
        }
        return value;
    }
}
