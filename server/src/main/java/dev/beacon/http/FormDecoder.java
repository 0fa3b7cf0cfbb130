package dev.beacon.http;

import dev.beacon.device.Params;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes {@code application/x-www-form-urlencoded} text (a query string or a POST body) into
 * {@link Params}, strictly: a {@code %} not followed by two hex digits, or bytes that are not
 * UTF-8, make the whole request bad instead of being guessed at. {@code +} is a space.
 *
 * <p>The text must hold one char per byte as it came off the wire (ISO-8859-1, which is how
 * Netty gives the request line, and how the handler reads a body), so that unescaped UTF-8 from
 * firmware that forgot to percent-encode is read as UTF-8, and anything else is refused.
 * Stateless.
 */
final class FormDecoder {

    /** Most fields in one request; more is an attack or a bug, not a device. */
    static final int MAX_FIELDS = 64;

    private FormDecoder() {
    }

    /**
     * Adds every field of {@code text} to {@code into}.
     *
     * @return null on success, else what is wrong, for the 400 reply
     */
    static String decode(CharSequence text, Params into) {
        int length = text.length();
        int fields = 0;
        int start = 0;
        while (start <= length) {
            int end = start;
            while (end < length && text.charAt(end) != '&') {
                end++;
            }
            if (end > start) {
                if (++fields > MAX_FIELDS) {
                    return "more than " + MAX_FIELDS + " fields";
                }
                int eq = start;
                while (eq < end && text.charAt(eq) != '=') {
                    eq++;
                }
                String name = component(text, start, eq);
                String value = eq < end ? component(text, eq + 1, end) : "";
                if (name == null || value == null) {
                    return "invalid percent-encoding or UTF-8";
                }
                into.add(name, value);
            }
            start = end + 1;
        }
        return null;
    }

    /** One decoded name or value, or null when malformed. */
    private static String component(CharSequence text, int from, int to) {
        boolean plain = true;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '%' || c == '+' || c > 0x7F) {
                plain = false;
                break;
            }
        }
        if (plain) {
            return text.subSequence(from, to).toString();
        }
        ByteBuffer bytes = ByteBuffer.allocate(to - from);
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '+') {
                bytes.put((byte) ' ');
            } else if (c == '%') {
                if (i + 2 >= to) {
                    return null;
                }
                int hi = Character.digit(text.charAt(i + 1), 16);
                int lo = Character.digit(text.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.put((byte) (hi << 4 | lo));
                i += 2;
            } else if (c <= 0xFF) {
                bytes.put((byte) c);
            } else {
                return null;
            }
        }
        bytes.flip();
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return utf8.decode(bytes).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
