package dev.beacon.api;

/**
 * What a device API call answers, before any transport shapes it.
 *
 * @param code the reply code, or null for a reply that is not one (ipdetect's address, cipher's
 *     token, not-found)
 * @param body the exact body: {@code 09}, {@code 10|cam1.ddns.test}, {@code 203.0.113.7}
 * @param status HTTP status (200 except for {@link #notFound()})
 * @param retryAfterSeconds for 911, how long the device should wait; else 0
 */
public record Reply(ReplyCode code, String body, int status, long retryAfterSeconds) {

    public static Reply of(ReplyCode code) {
        return new Reply(code, code.text(), 200, 0);
    }

    /** A code that carries a value: {@code 10|fqdn}, {@code 14|ip}, {@code 05|field}. */
    public static Reply of(ReplyCode code, String value) {
        return new Reply(code, code.text() + "|" + value, 200, 0);
    }

    public static Reply flood(long retryAfterSeconds) {
        return new Reply(ReplyCode.FLOOD, ReplyCode.FLOOD.text(), 200, retryAfterSeconds);
    }

    /** A plain-text answer that is not a reply code. */
    public static Reply text(String body) {
        return new Reply(null, body, 200, 0);
    }

    public static Reply notFound() {
        return new Reply(null, "not found", 404, 0);
    }
}
