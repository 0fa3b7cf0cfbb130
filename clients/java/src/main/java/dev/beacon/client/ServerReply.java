package dev.beacon.client;

/**
 * One reply of the server.
 *
 * @param status HTTP status
 * @param body the body (a reply code, or ipdetect's address)
 * @param retryAfterSeconds the {@code Retry-After} header, or 0
 * @param dateMillis the {@code Date} header as epoch milliseconds, or -1
 */
public record ServerReply(int status, String body, long retryAfterSeconds, long dateMillis) {

    /** The two-digit code (or 911) before any {@code |}. */
    public String code() {
        int bar = body.indexOf('|');
        return (bar < 0 ? body : body.substring(0, bar)).strip();
    }
}
