package dev.beacon.config;

import dev.beacon.ip.IpLiteral;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** A listen address: {@code 127.0.0.1:8080}, {@code [::1]:5300}, {@code 0.0.0.0:53}. Port 0 = any free port. */
public record HostPort(InetAddress host, int port) {

    public static HostPort parse(String text) {
        String t = text.strip();
        int colon = t.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress address = IpLiteral.parse(host);
        if (address == null) {
            throw new IllegalArgumentException("'" + text + "' does not start with an IP address (names are not resolved)");
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no numeric port", e);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("'" + text + "' has a port outside 0..65535");
        }
        return new HostPort(address, port);
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        String h = IpLiteral.format(host);
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + port;
    }
}
