package dev.beacon.device;

import java.net.InetAddress;

/**
 * One device API call, as any transport delivers it.
 *
 * @param endpoint which operation
 * @param params the decoded fields
 * @param client the client address (after the trusted-proxy rule)
 * @param userAgent the User-Agent header, or empty
 * @param dialect the dialect it came in ({@code native}, {@code rewrite}), for metrics and credentials
 * @param secure whether it came over TLS
 */
public record ApiRequest(Endpoint endpoint, Params params, InetAddress client, String userAgent, String dialect,
        boolean secure) {

    public ApiRequest {
        userAgent = userAgent == null ? "" : userAgent;
    }
}
