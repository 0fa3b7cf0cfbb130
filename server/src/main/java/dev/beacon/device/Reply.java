package dev.beacon.device;

/**
 * What a device API call answers, before any transport shapes it.
 *
 * @param code the reply code, or null for a reply that is not one (ipdetect's address, cipher's
 *     token or form, not-found)
 * @param value what the code carries ({@code cam1.ddns.test} of {@code 10|cam1.ddns.test}, the
 *     address of {@code 14|...}, the field of {@code 05|...}), the whole text of a reply without a
 *     code, or null
 * @param media how the text is meant to be read
 * @param status HTTP status (200 except for {@link #notFound()})
 * @param retryAfterSeconds for 911, how long the device should wait; else 0
 */
public record Reply(ReplyCode code, String value, Media media, int status, long retryAfterSeconds) {

    /** The form of a reply's text. */
    public enum Media { TEXT, HTML }

    public static Reply of(ReplyCode code) {
        return new Reply(code, null, Media.TEXT, 200, 0);
    }

    /** A code that carries a value: {@code 10|fqdn}, {@code 14|ip}, {@code 05|field}. */
    public static Reply of(ReplyCode code, String value) {
        return new Reply(code, value, Media.TEXT, 200, 0);
    }

    public static Reply flood(long retryAfterSeconds) {
        return new Reply(ReplyCode.FLOOD, null, Media.TEXT, 200, retryAfterSeconds);
    }

    /** A plain-text answer that is not a reply code. */
    public static Reply text(String body) {
        return new Reply(null, body, Media.TEXT, 200, 0);
    }

    /** A page for a person with a browser. */
    public static Reply html(String page) {
        return new Reply(null, page, Media.HTML, 200, 0);
    }

    public static Reply notFound() {
        return new Reply(null, "not found", Media.TEXT, 404, 0);
    }

    /** The exact body devices expect: {@code 09}, {@code 10|cam1.ddns.test}, {@code 203.0.113.7}. */
    public String body() {
        if (code == null) {
            return value;
        }
        return value == null ? code.text() : code.text() + "|" + value;
    }
}
