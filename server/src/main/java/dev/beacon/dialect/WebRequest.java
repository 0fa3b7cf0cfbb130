package dev.beacon.dialect;

import dev.beacon.device.Params;
import java.net.InetAddress;
import java.util.List;
import java.util.function.Function;

/**
 * An HTTP request as every dialect sees it, already decoded by the transport.
 *
 * @param method {@code GET}, {@code POST}...
 * @param path the path without the query, leading slashes collapsed to one
 * @param params query and form fields
 * @param headers looks up a header's first value by name (case-insensitive), or null
 * @param client the client address (after the trusted-proxy rule)
 * @param userAgent the User-Agent, or empty
 * @param secure whether it came over TLS (this server's own HTTPS listener)
 * @param body a POST body sent as {@code application/json} (UTF-8), else empty: other bodies are
 *     form fields, in {@code params}
 */
public record WebRequest(String method, String path, Params params, Function<String, String> headers,
        InetAddress client, String userAgent, boolean secure, String body) {

    public WebRequest {
        userAgent = userAgent == null ? "" : userAgent;
        body = body == null ? "" : body;
    }

    /** A request without a JSON body. */
    public WebRequest(String method, String path, Params params, Function<String, String> headers, InetAddress client,
            String userAgent, boolean secure) {
        this(method, path, params, headers, client, userAgent, secure, "");
    }

    /** A request that did not come over TLS. */
    public WebRequest(String method, String path, Params params, Function<String, String> headers, InetAddress client,
            String userAgent) {
        this(method, path, params, headers, client, userAgent, false);
    }

    /** The path's segments: {@code /update/cam1/TOKEN} gives [update, cam1, TOKEN]. */
    public List<String> segments() {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("/", -1));
    }

    public boolean isGetOrPost() {
        return method.equals("GET") || method.equals("POST");
    }
}
