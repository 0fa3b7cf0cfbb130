package dev.beacon.token;

/**
 * The text form of a token: base64url without padding when written; when read, also standard
 * base64 with or without padding, and a {@code +} that arrived as a space because a device
 * forgot to URL-encode it (protocol §2).
 *
 * <p>Stateless. Decoding never throws: anything that is not base64 gives null.
 */
public final class TokenText {

    /** Longest text accepted; a token with a 64-byte device id is 98 bytes, 132 characters. */
    public static final int MAX_CHARS = 160;

    private static final char[] URL_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();
    private static final byte[] VALUES = new byte[128];

    static {
        java.util.Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < 64; i++) {
            VALUES[URL_ALPHABET[i]] = (byte) i;
        }
        VALUES['+'] = 62;
        VALUES[' '] = 62;
        VALUES['/'] = 63;
    }

    private TokenText() {
    }

    public static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder((bytes.length * 4 + 2) / 3);
        int i = 0;
        for (; i + 3 <= bytes.length; i += 3) {
            int v = (bytes[i] & 0xFF) << 16 | (bytes[i + 1] & 0xFF) << 8 | (bytes[i + 2] & 0xFF);
            out.append(URL_ALPHABET[v >>> 18]).append(URL_ALPHABET[(v >>> 12) & 63])
                    .append(URL_ALPHABET[(v >>> 6) & 63]).append(URL_ALPHABET[v & 63]);
        }
        int rest = bytes.length - i;
        if (rest == 1) {
            int v = (bytes[i] & 0xFF) << 16;
            out.append(URL_ALPHABET[v >>> 18]).append(URL_ALPHABET[(v >>> 12) & 63]);
        } else if (rest == 2) {
            int v = (bytes[i] & 0xFF) << 16 | (bytes[i + 1] & 0xFF) << 8;
            out.append(URL_ALPHABET[v >>> 18]).append(URL_ALPHABET[(v >>> 12) & 63])
                    .append(URL_ALPHABET[(v >>> 6) & 63]);
        }
        return out.toString();
    }

    /** Returns the decoded bytes, or null when the text is not a plausible token encoding. */
    public static byte[] decode(CharSequence text) {
        if (text == null) {
            return null;
        }
        int end = text.length();
        if (end == 0 || end > MAX_CHARS) {
            return null;
        }
        int padding = 0;
        while (end > 0 && text.charAt(end - 1) == '=' && padding < 2) {
            end--;
            padding++;
        }
        if (padding > 0 && text.length() % 4 != 0) {
            return null;
        }
        if (end % 4 == 1) {
            return null;
        }
        byte[] out = new byte[end * 3 / 4];
        int bits = 0;
        int acc = 0;
        int o = 0;
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            int v = c < 128 ? VALUES[c] : -1;
            if (v < 0) {
                return null;
            }
            acc = (acc << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (byte) (acc >>> bits);
                acc &= (1 << bits) - 1;
            }
        }
        // Leftover bits must be zero, or two different texts would decode to the same token.
        if (acc != 0) {
            return null;
        }
        return out;
    }
}
