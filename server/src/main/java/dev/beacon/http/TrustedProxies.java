package dev.beacon.http;

import dev.beacon.ip.IpLiteral;
import java.net.InetAddress;
import java.util.List;
import java.util.function.Function;

/**
 * Finds the client address of a request. The peer of the connection is the client unless it is
 * a configured trusted proxy; then the client is the rightmost address, in the one header that
 * proxy writes, that is not itself a trusted proxy. Every line of that header counts, in order
 * (a proxy may add a line rather than extend one); the other header is ignored, since a client can
 * send it and the proxy passes it on untouched. With no proxies configured (the default) both are
 * ignored, so nobody can claim an address by header. Immutable and thread-safe.
 */
public final class TrustedProxies {

    private final List<TrustedProxy> proxies;

    public TrustedProxies(List<TrustedProxy> proxies) {
        this.proxies = List.copyOf(proxies);
    }

    /**
     * @param peer the connection's peer
     * @param headerLines every line of a header, by name, in the order received
     */
    public InetAddress clientOf(InetAddress peer, Function<String, List<String>> headerLines) {
        TrustedProxy proxy = proxyAt(peer);
        if (proxy == null) {
            return peer;
        }
        List<String> lines = headerLines.apply(proxy.header().fieldName());
        if (lines == null || lines.isEmpty()) {
            return peer;
        }
        String joined = String.join(",", lines);
        String[] hops = proxy.header() == TrustedProxy.Header.FORWARDED ? forwardedFors(joined) : joined.split(",");
        InetAddress client = rightmostUntrusted(hops);
        return client == null ? peer : client;
    }

    private InetAddress rightmostUntrusted(String[] hops) {
        for (int i = hops.length - 1; i >= 0; i--) {
            InetAddress hop = parseNode(hops[i]);
            if (hop == null) {
                // "unknown", an obfuscated id or garbage: the chain cannot be followed further.
                return null;
            }
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return null;
    }

    private boolean isTrusted(InetAddress address) {
        return proxyAt(address) != null;
    }

    private TrustedProxy proxyAt(InetAddress address) {
        for (TrustedProxy p : proxies) {
            if (p.from().contains(address)) {
                return p;
            }
        }
        return null;
    }

    /** The for= values of a Forwarded header, left to right. */
    private static String[] forwardedFors(String header) {
        return header.chars().noneMatch(c -> c == '=') ? new String[0]
                : java.util.Arrays.stream(header.split(","))
                        .map(element -> {
                            for (String pair : element.split(";")) {
                                String p = pair.strip();
                                if (p.regionMatches(true, 0, "for=", 0, 4)) {
                                    return p.substring(4);
                                }
                            }
                            return "";
                        })
                        .toArray(String[]::new);
    }

    /** An address from {@code 1.2.3.4}, {@code 1.2.3.4:80}, {@code "[2001:db8::1]:80"}, or null. */
    static InetAddress parseNode(String node) {
        String n = node.strip();
        if (n.length() >= 2 && n.startsWith("\"") && n.endsWith("\"")) {
            n = n.substring(1, n.length() - 1);
        }
        if (n.startsWith("[")) {
            int close = n.indexOf(']');
            return close < 0 ? null : IpLiteral.parse(n.substring(1, close));
        }
        int colon = n.indexOf(':');
        if (colon >= 0 && n.indexOf(':', colon + 1) < 0) {
            n = n.substring(0, colon);
        }
        return IpLiteral.parse(n);
    }
}
