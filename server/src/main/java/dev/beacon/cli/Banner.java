package dev.beacon.cli;

import dev.beacon.config.BeaconConfig;
import dev.beacon.server.BeaconServer;
import dev.beacon.token.DeviceId;
import dev.beacon.token.TokenKey;
import dev.beacon.zone.Zone;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/** What {@code beacon serve} prints once it is ready: where it listens, and a request to try. */
final class Banner {

    /** The device id of the example request: a locally administered MAC, never a real device's. */
    static final DeviceId EXAMPLE_DEVICE = DeviceId.parse("02:00:5E:10:00:01");

    private Banner() {
    }

    /**
     * In development mode the banner ends with a ready-to-paste request carrying a live token. In
     * production it prints no token (stdout ends up in journald), only how to mint one with the
     * newest key's real file.
     */
    static String text(BeaconServer server, String version) {
        BeaconConfig c = server.config();
        Zone zone = c.zones().get(0);
        StringBuilder b = new StringBuilder();
        b.append("Beacon ").append(version).append(" is ready (").append(server.transportName()).append(")\n");
        if (server.httpAddress() != null) {
            b.append("  HTTP     ").append(url("http", server.httpAddress())).append('\n');
        }
        if (server.httpsAddress() != null) {
            b.append("  HTTPS    ").append(url("https", server.httpsAddress())).append('\n');
        }
        if (server.dnsAddress() != null) {
            b.append("  DNS      ").append(hostPort(server.dnsAddress())).append(" (UDP and TCP)\n");
        }
        if (server.adminAddress() != null) {
            b.append("  admin    ").append(url(server.config().adminTls() ? "https" : "http", server.adminAddress()))
                    .append(" (/healthz /readyz /metrics /api/v1/; tokens: beacon admin-token create)\n");
        }
        for (Zone z : c.zones()) {
            b.append("  zone     ").append(z.name()).append(" (key ids");
            z.keys().forEach(k -> b.append(' ').append(k.id()));
            b.append(z.policy().allowStaticTokens() ? "; static tokens allowed)" : ")").append('\n');
        }
        b.append("  storage  ").append(server.storeDescription()).append('\n');
        if (c.store().role() == dev.beacon.store.StoreSettings.Role.REPLICA) {
            b.append("  role     replica: follows the journal, serves DNS; changes are answered 12\n");
        }
        if (c.dev()) {
            b.append("  mode     development: /cipher.aspx mints tokens for anyone; use --no-dev or a config file in production\n");
        }
        if (zone.keys().isEmpty()) {
            return b.toString();
        }
        TokenKey newest = zone.keys().get(zone.keys().size() - 1);
        Path keyFile = c.keyFiles().get(newest.id());
        InetSocketAddress api = server.httpAddress() != null ? server.httpAddress() : server.httpsAddress();
        if (c.dev() && api != null) {
            String token = server.codec().mint(newest, EXAMPLE_DEVICE, System.currentTimeMillis() / 1000);
            String scheme = server.httpAddress() != null ? "http" : "https";
            b.append("\nTry it (the token is good for ").append(c.maxSkewSeconds() / 60).append(" minutes, once):\n");
            b.append("  curl '").append(url(scheme, api)).append("add.aspx?mac=").append(token).append("&dm=cam1'\n");
        } else {
            b.append('\n');
        }
        if (keyFile != null) {
            b.append("Mint tokens with: beacon token --key-file ").append(keyFile).append(" --id DEVICE_ID")
                    .append(" (zone ").append(zone.name()).append(", key id ").append(newest.id()).append(')');
        } else {
            b.append("Tokens of zone ").append(zone.name()).append(" are sealed with key id ").append(newest.id())
                    .append(", given inline in the config");
        }
        return b.toString();
    }

    private static String hostPort(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host.replaceAll("%.*", "") + "]" : host) + ":" + a.getPort();
    }

    private static String url(String scheme, InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host.replaceAll("%.*", "") + "]";
        }
        return scheme + "://" + host + ":" + a.getPort() + "/";
    }
}
