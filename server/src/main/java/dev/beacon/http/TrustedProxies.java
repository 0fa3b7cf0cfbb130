package dev.beacon.http;

import dev.beacon.ip.Cidr;
import dev.beacon.ip.IpLiteral;
import java.net.InetAddress;
import java.util.List;

/**
 * Finds the client address of a request. The peer of the connection is the client unless it is
 * a configured trusted proxy; then the client is the rightmost address in {@code Forwarded}
 * (RFC 7239) or else {@code X-Forwarded-For} that is not itself a trusted proxy. With no proxies
 * configured (the default) those headers are ignored, so nobody can claim an address by header.
 * Immutable and thread-safe.
 */
public final class TrustedProxies {

    private final List<Cidr> proxies;

    public TrustedProxies(List<Cidr> proxies) {
        this.proxies = List.copyOf(proxies);
    }

    public InetAddress clientOf(InetAddress peer, String forwarded, String xForwardedFor) {
        if (proxies.isEmpty() || !isTrusted(peer)) {
            return peer;
        }
        if (forwarded != null) {
            InetAddress client = rightmostUntrusted(forwardedFors(forwarded));
            if (client != null) {
                return client;
            }
        }
        if (xForwardedFor != null) {
            InetAddress client = rightmostUntrusted(xForwardedFor.split(","));
            if (client != null) {
                return client;
            }
        }
        return peer;
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
        for (Cidr c : proxies) {
            if (c.contains(address)) {
                return true;
            }
        }
        return false;
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
