package dev.beacon.config;

import dev.beacon.compat.RewriteRule;
import dev.beacon.dns.DnsSettings;
import dev.beacon.flood.FloodLimits;
import dev.beacon.http.HttpSettings;
import dev.beacon.ip.Cidr;
import dev.beacon.registry.RegistrySettings;
import dev.beacon.store.StoreSettings;
import dev.beacon.zone.Zone;
import java.nio.file.Path;
import java.util.List;

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
 */
public record BeaconConfig(boolean dev, HostPort http, HostPort https, Tls tls, HostPort dns, Path dataDir,
        StoreSettings store, RegistrySettings registry, long maxSkewSeconds, long replayCacheMax, FloodLimits flood,
        HttpSettings httpSettings, DnsSettings dnsSettings, List<Cidr> trustedProxies, List<Zone> zones,
        List<RewriteRule> rewrites, List<NewKeyFile> newKeyFiles) {

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

    public BeaconConfig {
        newKeyFiles = List.copyOf(newKeyFiles);
        trustedProxies = List.copyOf(trustedProxies);
        zones = List.copyOf(zones);
        rewrites = List.copyOf(rewrites);
    }
}
