package dev.beacon.dialect;

import dev.beacon.device.Endpoint;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A configured request shape for one device family that speaks neither the native protocol nor
 * dyndns2: which requests it matches, where the token, host name and address sit, which native
 * operation runs, and what text each reply code becomes. Adding a dialect is a config change.
 *
 * @param path the path to match, case-insensitively; {@code *} matches any one segment
 *     ({@code /dyn/* /update.asp} without the space)
 * @param methods the methods accepted (GET and POST by default)
 * @param operation the native operation
 * @param token where the device token comes from
 * @param hostname where the name comes from (for add), or null
 * @param ip where the address comes from (native {@code myip}), or null for the client address
 * @param replies reply text per native code ({@code "09"}, {@code "911"}), {@code "*"} for any
 *     other; {@code {code}} and {@code {value}} (the part after {@code |}) are filled in; a code
 *     with no entry and no {@code "*"} keeps its native text
 */
public record RewriteRule(String path, Set<String> methods, Endpoint operation, Source token, Source hostname,
        Source ip, Map<String, String> replies) {

    /** Where a value comes from in a request. */
    public record Source(Kind kind, String name, int index) {

        /** The kinds of places. */
        public enum Kind {
            /** A query or form field, by name. */
            QUERY,
            /** The password of HTTP Basic auth. */
            BASIC,
            /** A path segment, 1-based. */
            PATH,
            /** A request header, by name. */
            HEADER
        }

        /**
         * Parses {@code query:NAME}, {@code basic}, {@code path:N} or {@code header:NAME}.
         *
         * @throws IllegalArgumentException with a message fit for a config error
         */
        public static Source parse(String text) {
            String t = text.strip();
            int colon = t.indexOf(':');
            String kind = (colon < 0 ? t : t.substring(0, colon)).toLowerCase(Locale.ROOT);
            String arg = colon < 0 ? "" : t.substring(colon + 1).strip();
            switch (kind) {
                case "basic":
                    return new Source(Kind.BASIC, null, 0);
                case "query":
                case "header":
                    if (arg.isEmpty()) {
                        throw new IllegalArgumentException("'" + text + "' needs a name: " + kind + ":NAME");
                    }
                    return new Source(kind.equals("query") ? Kind.QUERY : Kind.HEADER, arg, 0);
                case "path":
                    try {
                        int index = Integer.parseInt(arg);
                        if (index < 1) {
                            throw new NumberFormatException();
                        }
                        return new Source(Kind.PATH, null, index);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("'" + text + "' needs a segment number from 1: path:N", e);
                    }
                default:
                    throw new IllegalArgumentException("'" + text + "' is not query:NAME, basic, path:N or header:NAME");
            }
        }

        /** The value in this request, or null when it is not there. */
        String in(WebRequest request) {
            return switch (kind) {
                case QUERY -> request.params().single(name);
                case BASIC -> BasicAuth.password(request.headers().apply("Authorization"));
                case HEADER -> request.headers().apply(name);
                case PATH -> {
                    List<String> segments = request.segments();
                    yield index <= segments.size() ? segments.get(index - 1) : null;
                }
            };
        }
    }

    public RewriteRule {
        methods = Set.copyOf(methods);
        replies = Map.copyOf(replies);
    }

    /** True when this rule's path pattern matches the path. */
    boolean matches(String requestPath) {
        String[] want = path.split("/", -1);
        String[] got = requestPath.split("/", -1);
        if (want.length != got.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            if (!want[i].equals("*") && !want[i].equalsIgnoreCase(got[i])) {
                return false;
            }
        }
        return true;
    }
}
