package dev.beacon.record;

/**
 * Facts about the request behind a command, kept with the records it modifies.
 *
 * @param userAgent the device's User-Agent ({@code Company - Device - Version}), possibly empty
 * @param source the client address as text
 * @param atMillis when the request was accepted
 * @param nonce the token's nonce (hex) when the request carried a fresh single-use token, else
 *     null (static tokens, imports); a change it makes spends it for every node
 * @param nonceValidUntilMillis when that token expires anyway, so its nonce can be forgotten
 * @param counter the generation and counter of a version 2 token, or null: a change it makes
 *     raises the device's stored counter to it, in the same commit, or is refused as a replay
 */
public record RequestMeta(String userAgent, String source, long atMillis, String nonce, long nonceValidUntilMillis,
        Counter counter) {

    /**
     * A version 2 token's place in its device's sequence.
     *
     * @param generation the device key's generation
     * @param value the token's counter
     */
    public record Counter(long generation, long value) {
    }

    /** A request without a single-use token. */
    public RequestMeta(String userAgent, String source, long atMillis) {
        this(userAgent, source, atMillis, null, 0, null);
    }
}
