package dev.beacon.record;

/**
 * Facts about the request behind a command, kept with the records it modifies.
 *
 * @param userAgent the device's User-Agent ({@code Company - Device - Version}), possibly empty
 * @param source the client address as text
 * @param atMillis when the request was accepted
 */
public record RequestMeta(String userAgent, String source, long atMillis) {
}
