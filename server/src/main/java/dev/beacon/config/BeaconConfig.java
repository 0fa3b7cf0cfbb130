package dev.beacon.config;

import dev.beacon.dialect.RewriteRule;
import dev.beacon.dns.DnsSettings;
import dev.beacon.flood.FloodLimits;
import dev.beacon.http.HttpSettings;
import dev.beacon.http.TrustedProxy;
import dev.beacon.registry.RegistrySettings;
import dev.beacon.store.StoreSettings;
import dev.beacon.tsig.Keyring;
import dev.beacon.webhook.Webhook;
import dev.beacon.zone.Zone;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code beacon serve} runs with, validated. Immutable.
 *
 * @param dev development mode: {@code /cipher.aspx} mints tokens for anyone
 * @param http plain HTTP listener, or null for none
 * @param https HTTPS listener, or null for none
 * @param tls PEM certificate chain and PKCS#8 key for HTTPS, or null
 * @param dns DNS listener (UDP and TCP), or null for none
 * @param dataDir where the embedded database and generated keys live
 * @param store database URL and timeouts
 * @param registry writer tuning
 * @param maxSkewSeconds token freshness window
 * @param replayCacheMax most token nonces remembered
 * @param flood flood limits
 * @param httpSettings HTTP limits and timeouts
 * @param dnsSettings DNS limits and timeouts
 * @param trustedProxies peers whose Forwarded / X-Forwarded-For headers are believed
 * @param zones the zones served; the first is the default zone
 * @param rewrites configured request shapes for other device families
 * @param newKeyFiles default key files that do not exist yet: their keys are already in
 *     {@code zones}, and the server writes them only once it has seen their zone is empty
 * @param keyFiles the file each key id was read from (keys given inline are absent)
 * @param logging log level, format and refusal rate
 * @param tsigKeys the TSIG keys zones' transfer rules and notify targets name
 * @param catalog the catalog zone listing {@code zones} (RFC 9432), or null for none
 * @param admin the admin listener (health, readiness, metrics, operator API), or null for none
 * @param adminTls the admin listener speaks HTTPS, with the {@code tls} certificate and key
 * @param webhooks every zone's webhooks
 */
public record BeaconConfig(boolean dev, HostPort http, HostPort https, Tls tls, HostPort dns, Path dataDir,
        StoreSettings store, RegistrySettings registry, long maxSkewSeconds, long replayCacheMax, FloodLimits flood,
        HttpSettings httpSettings, DnsSettings dnsSettings, List<TrustedProxy> trustedProxies, List<Zone> zones,
        List<RewriteRule> rewrites, List<NewKeyFile> newKeyFiles, Map<Integer, Path> keyFiles, Logging logging,
        Keyring tsigKeys, Zone catalog, HostPort admin, boolean adminTls, List<Webhook> webhooks) {

    /** PEM files for HTTPS. */
    public record Tls(Path certificate, Path privateKey) {
    }

    /** A generated zone key to be written to {@code file} if, and only if, {@code zone} holds no names. */
    public record NewKeyFile(String zone, Path file, String base64) {
        @Override
        public String toString() {
            return "NewKeyFile[" + zone + ", " + file + "]";
        }
    }

    /**
     * @param level Logback level name (ERROR ... TRACE)
     * @param json one JSON object per line instead of text
     * @param refusalLinesPerMinute most lines per minute for each kind of refusal (bad token, flood, TLS)
     */
    public record Logging(String level, boolean json, int refusalLinesPerMinute) {
        public static Logging defaults() {
            return new Logging("INFO", false, 20);
        }
    }

    public BeaconConfig {
        newKeyFiles = List.copyOf(newKeyFiles);
        keyFiles = Map.copyOf(keyFiles);
        trustedProxies = List.copyOf(trustedProxies);
        zones = List.copyOf(zones);
        rewrites = List.copyOf(rewrites);
        webhooks = List.copyOf(webhooks);
    }
}
