package dev.beacon.server;

import dev.beacon.admin.ConfigReloader;
import dev.beacon.auth.KeyRing;
import dev.beacon.auth.TokenVerifier;
import dev.beacon.config.BeaconConfig;
import dev.beacon.config.ConfigException;
import dev.beacon.device.DeviceApi;
import dev.beacon.dialect.RewriteDialect;
import dev.beacon.dns.DnsSettings;
import dev.beacon.flood.FloodGuard;
import dev.beacon.flood.FloodLimits;
import dev.beacon.http.HttpServer;
import dev.beacon.http.TlsIdentity;
import dev.beacon.logging.LogSetup;
import dev.beacon.update.DnsUpdates;
import dev.beacon.zone.Zone;
import io.netty.handler.ssl.SslContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A config reload (SIGHUP, {@code beacon reload}): reads the file again and puts in effect what can
 * change under a running server — zone keys and masters, policies and custom fields, the keys'
 * update grants (allow-update), flood limits,
 * rewrite rules, the TLS certificate and key (new handshakes; open connections keep theirs), the
 * logging level. Listeners, storage, DNS settings, TSIG keys and the zones' DNS data (names, name
 * servers, SOA, TTL, transfer rules) take a restart: a reload says which of them differ and leaves them.
 * Everything is prepared before anything is applied, so a file that cannot be used (bad YAML, a key
 * file missing, a certificate that does not load) leaves the running config whole. One reload at a
 * time.
 */
final class ConfigReload implements ConfigReloader {

    private static final Logger log = LoggerFactory.getLogger(ConfigReload.class);

    private final ConfigSource source;
    private final TokenVerifier verifier;
    private final DeviceApi api;
    private final FloodGuard flood;
    private final RewriteDialect rewrites;
    private final List<HttpServer> tlsListeners;
    /** Null when the server has no DNS listener. */
    private final DnsUpdates updates;
    /** What the server started with: listeners, storage and zones' DNS data are still these. */
    private final BeaconConfig startedWith;
    /** The flood limits in effect: the started config's, or a reload's that differed. */
    private FloodLimits appliedFlood;

    ConfigReload(ConfigSource source, BeaconConfig startedWith, TokenVerifier verifier, DeviceApi api, FloodGuard flood,
            RewriteDialect rewrites, List<HttpServer> tlsListeners, DnsUpdates updates) {
        this.updates = updates;
        this.source = source;
        this.startedWith = startedWith;
        this.appliedFlood = startedWith.flood();
        this.verifier = verifier;
        this.api = api;
        this.flood = flood;
        this.rewrites = rewrites;
        this.tlsListeners = List.copyOf(tlsListeners);
    }

    @Override
    public synchronized Outcome reload() {
        if (source == null) {
            return refused("the server started without a config file: there is nothing to reload");
        }
        BeaconConfig next;
        try {
            next = source.load();
        } catch (ConfigException e) {
            return refused("config error: " + e.getMessage());
        }
        List<String> needRestart = needRestart(startedWith, next);
        boolean zonesSame = needRestart.stream().noneMatch(s -> s.startsWith("zones"));
        KeyRing ring = zonesSame ? new KeyRing(next.zones()) : null;
        SslContext tls = null;
        if (next.tls() != null && !tlsListeners.isEmpty()) {
            try {
                tls = TlsIdentity.load(next.tls().certificate(), next.tls().privateKey());
            } catch (TlsIdentity.Unusable e) {
                return refused("tls: " + e.getMessage());
            }
        }
        List<String> applied = new ArrayList<>();
        if (ring != null) {
            verifier.keys(ring);
            api.zones(next.zones());
            if (updates != null) {
                updates.zones(next.zones());
            }
            applied.add("zone keys, masters, policies, fields and update grants");
        }
        if (!next.flood().equals(appliedFlood)) {
            // New tables only for new limits: a reload for a certificate must not hand every
            // client in the middle of a flood a fresh allowance.
            flood.limits(next.flood());
            appliedFlood = next.flood();
        }
        applied.add("flood limits");
        rewrites.rules(next.rewrites());
        applied.add("rewrite rules");
        if (tls != null) {
            for (HttpServer listener : tlsListeners) {
                listener.tls(tls);
            }
            applied.add("TLS certificate and key");
        }
        LogSetup.level(next.logging().level());
        applied.add("logging level");
        Outcome outcome = new Outcome(true, null, applied, needRestart);
        log.info("config reloaded: {} in effect{}", String.join(", ", applied),
                needRestart.isEmpty() ? "" : "; these differ and take a restart: " + String.join(", ", needRestart));
        return outcome;
    }

    private static Outcome refused(String problem) {
        log.warn("config reload refused, the running config stays: {}", problem);
        return new Outcome(false, problem, List.of(), List.of());
    }

    /** What differs between the two that a reload cannot change. */
    private static List<String> needRestart(BeaconConfig a, BeaconConfig b) {
        List<String> out = new ArrayList<>();
        differs(out, "listen.http", a.http(), b.http());
        differs(out, "listen.https", a.https(), b.https());
        differs(out, "listen.dns", a.dns(), b.dns());
        differs(out, "listen.admin", a.admin(), b.admin());
        differs(out, "listen.admin-tls", a.adminTls(), b.adminTls());
        differs(out, "tls (turned on or off)", a.tls() == null, b.tls() == null);
        differs(out, "storage", a.store(), b.store());
        differs(out, "storage.data-dir", a.dataDir(), b.dataDir());
        differs(out, "registry", a.registry(), b.registry());
        differs(out, "dev", a.dev(), b.dev());
        differs(out, "trusted-proxies", a.trustedProxies(), b.trustedProxies());
        differs(out, "http", a.httpSettings(), b.httpSettings());
        if (!sameDns(a.dnsSettings(), b.dnsSettings())) {
            out.add("dns");
        }
        differs(out, "webhooks", a.webhooks(), b.webhooks());
        // The DNS listener verifies signatures with the keys it started with.
        differs(out, "tsig-keys", a.tsigKeys().keys(), b.tsigKeys().keys());
        differs(out, "catalog", a.catalog() == null ? null : a.catalog().name(),
                b.catalog() == null ? null : b.catalog().name());
        List<String> zonesA = a.zones().stream().map(ConfigReload::dnsData).toList();
        List<String> zonesB = b.zones().stream().map(ConfigReload::dnsData).toList();
        if (!zonesA.equals(zonesB)) {
            out.add("zones (names, name servers, SOA, TTL or transfer rules)");
        } else if (!a.zones().stream().map(z -> z.policy().operatorTokens()).toList()
                .equals(b.zones().stream().map(z -> z.policy().operatorTokens()).toList())) {
            // The operator API reads it from the zones it started with.
            out.add("policy.operator-tokens");
        }
        return out;
    }

    private static void differs(List<String> out, String what, Object a, Object b) {
        if (!Objects.equals(a, b)) {
            out.add(what);
        }
    }

    /** A zone's DNS-facing data as text: what the registry, the DNS server and transfers were built with. */
    private static String dnsData(Zone z) {
        return z.name() + "|" + z.ttl() + "|" + z.nameServers() + "|" + z.hostmaster() + "|" + z.soa() + "|"
                + z.transfer();
    }

    private static boolean sameDns(DnsSettings a, DnsSettings b) {
        return a.udpPayload() == b.udpPayload() && a.tcpInitialTimeout().equals(b.tcpInitialTimeout())
                && a.tcpIdleTimeout().equals(b.tcpIdleTimeout()) && a.tcpMessageTimeout().equals(b.tcpMessageTimeout())
                && a.maxTcpConnections() == b.maxTcpConnections() && a.rateLimit().equals(b.rateLimit())
                && a.cookies().enabled() == b.cookies().enabled()
                && Arrays.equals(a.cookies().secret(), b.cookies().secret());
    }
}
