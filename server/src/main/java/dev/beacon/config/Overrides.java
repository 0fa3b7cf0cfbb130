package dev.beacon.config;

import java.nio.file.Path;

/**
 * Command-line values that override config keys (each field names the key it overrides).
 * Null means "not given".
 *
 * @param dev {@code dev}
 * @param http {@code listen.http}
 * @param https {@code listen.https}
 * @param dns {@code listen.dns}
 * @param dataDir {@code storage.data-dir}
 * @param db {@code storage.db}
 * @param zone {@code zones[0].name} (single-zone configs only)
 * @param keyFile {@code zones[0].keys} as key id 1 (single-zone configs only)
 * @param tlsCert {@code tls.cert}
 * @param tlsKey {@code tls.key}
 * @param allowStaticTokens {@code zones[*].policy.allow-static-tokens} set to true
 * @param readOnly {@code storage.role} set to {@code replica}
 * @param admin {@code listen.admin}
 */
public record Overrides(Boolean dev, String http, String https, String dns, Path dataDir, String db, String zone,
        Path keyFile, Path tlsCert, Path tlsKey, boolean allowStaticTokens, boolean readOnly, String admin) {

    /** Overrides of a node that writes (the usual case), the admin listener as configured. */
    public Overrides(Boolean dev, String http, String https, String dns, Path dataDir, String db, String zone,
            Path keyFile, Path tlsCert, Path tlsKey, boolean allowStaticTokens) {
        this(dev, http, https, dns, dataDir, db, zone, keyFile, tlsCert, tlsKey, allowStaticTokens, false, null);
    }

    /** These overrides with the admin listener at {@code hostPort} ({@code off} for none). */
    public Overrides withAdmin(String hostPort) {
        return new Overrides(dev, http, https, dns, dataDir, db, zone, keyFile, tlsCert, tlsKey, allowStaticTokens,
                readOnly, hostPort);
    }

    public static Overrides none() {
        return new Overrides(null, null, null, null, null, null, null, null, null, null, false);
    }
}
