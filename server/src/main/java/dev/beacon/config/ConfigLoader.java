package dev.beacon.config;

import dev.beacon.dialect.RewriteRule;
import dev.beacon.dns.DnsSettings;
import dev.beacon.flood.FloodLimits;
import dev.beacon.flood.Rate;
import dev.beacon.http.HttpSettings;
import dev.beacon.record.NameExtras;
import dev.beacon.record.TxtChange;
import dev.beacon.record.TxtLimits;
import dev.beacon.http.TrustedProxy;
import dev.beacon.ip.Cidr;
import dev.beacon.registry.RegistrySettings;
import dev.beacon.store.DatabaseUrl;
import dev.beacon.store.StoreSettings;
import dev.beacon.token.TokenKey;
import dev.beacon.tsig.Keyring;
import dev.beacon.tsig.TsigKey;
import dev.beacon.zone.FieldSpec;
import dev.beacon.zone.NameServer;
import dev.beacon.zone.NotifyTarget;
import dev.beacon.zone.Soa;
import dev.beacon.zone.TransferRule;
import dev.beacon.zone.TtlBounds;
import dev.beacon.zone.UpdatableType;
import dev.beacon.zone.UpdateGrant;
import dev.beacon.webhook.Webhook;
import dev.beacon.webhook.WebhookEvent;
import dev.beacon.zone.Zone;
import dev.beacon.zone.ZonePolicy;
import dev.beacon.zone.ZoneTransfer;
import dev.beacon.zone.ZoneUpdates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads the YAML configuration (docs/CONFIG.md), applies command-line overrides, and validates
 * everything into a {@link BeaconConfig}. Any problem is one {@link ConfigException} naming the
 * key. Relative paths in the file are relative to the file's directory; on the command line, to
 * the working directory.
 */
public final class ConfigLoader {

    /** The zone {@code beacon serve} runs with when neither config nor command line names one. */
    public static final String DEFAULT_ZONE = "ddns.test";
    public static final String DEFAULT_KEY_FILE = "device.key";

    private static final Pattern ZONE_NAME = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private ConfigLoader() {
    }

    /**
     * @param file the YAML file, or null for embedded defaults
     * @param overrides values from the command line
     */
    public static BeaconConfig load(Path file, Overrides overrides) throws ConfigException {
        if (file == null) {
            return load(new LinkedHashMap<>(), Path.of(""), true, overrides);
        }
        return load(parse(read(file), file.toString()), file.toAbsolutePath().getParent(), false, overrides);
    }

    /**
     * A config from YAML text, as if read from a file named {@code label} in {@code base} (the
     * directory relative paths in it start from).
     */
    static BeaconConfig load(String yaml, String label, Path base, Overrides overrides) throws ConfigException {
        return load(parse(yaml, label), base, false, overrides);
    }

    private static BeaconConfig load(Map<?, ?> raw, Path base, boolean embedded, Overrides overrides)
            throws ConfigException {
        ConfigNode root = ConfigNode.root(raw);

        boolean devInFile = root.bool("dev", embedded);
        boolean dev = overrides.dev() != null ? overrides.dev() : devInFile;

        ConfigNode listen = root.child("listen");
        HostPort http = hostPort(listen, "http", overrides.http(), "127.0.0.1:8080");
        HostPort https = hostPort(listen, "https", overrides.https(), null);
        HostPort dns = hostPort(listen, "dns", overrides.dns(), "127.0.0.1:5300");
        HostPort admin = hostPort(listen, "admin", overrides.admin(), "127.0.0.1:8081");
        boolean adminTls = listen.bool("admin-tls", false);
        listen.rejectUnknown();

        ConfigNode tlsNode = root.child("tls");
        Path certInFile = path(base, tlsNode.string("cert", null));
        Path keyInFile = path(base, tlsNode.string("key", null));
        Path cert = overrides.tlsCert() != null ? overrides.tlsCert() : certInFile;
        Path key = overrides.tlsKey() != null ? overrides.tlsKey() : keyInFile;
        tlsNode.rejectUnknown();
        BeaconConfig.Tls tls = null;
        // TLS files matter only to an HTTPS listener: a config that turns HTTPS off may keep them.
        if (https != null || adminTls && admin != null) {
            if (cert == null || key == null) {
                throw new ConfigException(https != null ? "listen.https" : "listen.admin-tls",
                        "needs tls.cert and tls.key (--tls-cert, --tls-key)");
            }
            tls = new BeaconConfig.Tls(readable("tls.cert", cert), readable("tls.key", key));
        }

        ConfigNode storage = root.child("storage");
        Path dataDirInFile = path(base, storage.string("data-dir", "data"));
        String dbInFile = storage.string("db", null);
        Path dataDir = overrides.dataDir() != null ? overrides.dataDir() : dataDirInFile;
        String db = overrides.db() != null ? overrides.db() : dbInFile;
        DatabaseUrl url;
        try {
            url = db == null ? DatabaseUrl.sqliteFile(dataDir.resolve("beacon.db")) : DatabaseUrl.parse(db);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(overrides.db() != null ? "--db" : "storage.db", e.getMessage());
        }
        String roleInFile = storage.string("role", "primary");
        if (!roleInFile.equals("primary") && !roleInFile.equals("replica")) {
            throw new ConfigException(storage.key("role"), "must be primary or replica, not '" + roleInFile + "'");
        }
        StoreSettings.Role role = overrides.readOnly() || roleInFile.equals("replica") ? StoreSettings.Role.REPLICA
                : StoreSettings.Role.PRIMARY;
        if (role == StoreSettings.Role.REPLICA && url.isSqlite()) {
            throw new ConfigException(overrides.readOnly() ? "--read-only" : storage.key("role"),
                    "a replica follows a PostgreSQL database (storage.db: jdbc:postgresql://...); SQLite has one node");
        }
        StoreSettings store = new StoreSettings(url,
                positive(storage, "lock-timeout", Duration.ofSeconds(5)),
                positive(storage, "connect-timeout", Duration.ofSeconds(5)),
                positive(storage, "statement-timeout", Duration.ofSeconds(30)), role);
        RegistrySettings registry = new RegistrySettings(
                (int) storage.integer("max-batch", 4096, 1, 100_000),
                (int) storage.integer("queue", 65_536, 1, 10_000_000),
                positive(storage, "last-seen-flush", Duration.ofSeconds(60)),
                positive(storage, "journal-retention", Duration.ofDays(7)),
                positive(storage, "commit-timeout", Duration.ofSeconds(10)),
                positive(storage, "checkpoint-every", Duration.ofMinutes(5)));
        storage.rejectUnknown();

        ConfigNode tokens = root.child("tokens");
        long maxSkew = positive(tokens, "max-skew", Duration.ofSeconds(600)).toSeconds();
        long replayMax = tokens.integer("replay-cache", 10_000_000, 1000, 1_000_000_000);
        tokens.rejectUnknown();

        BeaconConfig.Logging logging = logging(root.child("logging"));
        FloodLimits flood = flood(root.child("flood"));
        HttpSettings httpSettings = httpSettings(root.child("http"));
        DnsSettings dnsSettings = dnsSettings(root.child("dns"));

        List<TrustedProxy> proxies = trustedProxies(root);

        List<BeaconConfig.NewKeyFile> newKeys = new ArrayList<>();
        Map<Integer, Path> keyFiles = new LinkedHashMap<>();
        Keyring tsigKeys = tsigKeys(root);
        List<Webhook> webhooks = new ArrayList<>();
        List<Zone> zones = zones(root, base, dataDir, overrides, newKeys, keyFiles, tsigKeys, webhooks);
        Zone catalog = catalog(root, zones, tsigKeys);
        List<RewriteRule> rewrites = new ArrayList<>();
        for (ConfigNode r : root.children("rewrites")) {
            rewrites.add(rewrite(r));
        }
        root.rejectUnknown();
        if (http == null && https == null) {
            throw new ConfigException("listen", "configure listen.http or listen.https (or both)");
        }
        return new BeaconConfig(dev, http, https, tls, dns, dataDir, store, registry, maxSkew, replayMax, flood,
                httpSettings, dnsSettings, proxies, zones, rewrites, newKeys, keyFiles, logging, tsigKeys, catalog, admin,
                adminTls && admin != null, webhooks);
    }

    /**
     * {@code catalog}: the catalog zone (RFC 9432) listing the zones, or null. Its SOA names
     * {@code invalid.} and its one NS is {@code invalid.}, as RFC 9432 §4.1 asks.
     */
    private static Zone catalog(ConfigNode root, List<Zone> zones, Keyring keys) throws ConfigException {
        if (root.raw("catalog") == null) {
            return null;
        }
        ConfigNode c = root.child("catalog");
        String name = c.string("zone", null);
        if (name == null) {
            throw new ConfigException(c.key("zone"), "is required (the catalog zone's name, e.g. catalog.beacon.internal)");
        }
        name = name.toLowerCase(Locale.ROOT);
        name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (!ZONE_NAME.matcher(name).matches()) {
            throw new ConfigException(c.key("zone"), "'" + name + "' is not a valid DNS name");
        }
        for (Zone zone : zones) {
            if (name.equals(zone.name()) || name.endsWith("." + zone.name()) || zone.name().endsWith("." + name)) {
                throw new ConfigException(c.key("zone"), "'" + name + "' overlaps the zone " + zone.name()
                        + "; give the catalog a name of its own");
            }
        }
        ZoneTransfer transfer = transfer(c, keys);
        c.rejectUnknown();
        return new Zone(name, 0, List.of(NameServer.named("invalid")), "invalid", Soa.defaults(),
                ZonePolicy.defaults(), Map.of(), List.of(), transfer);
    }

    /** {@code tsig-keys}: the keys secondaries sign transfers with, by name. */
    private static Keyring tsigKeys(ConfigNode root) throws ConfigException {
        List<TsigKey> keys = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode k : root.children("tsig-keys")) {
            String name = k.string("name", null);
            String algorithm = k.string("algorithm", "hmac-sha256");
            String secret = k.string("secret", null);
            if (name == null) {
                throw new ConfigException(k.key("name"), "is required");
            }
            if (secret == null) {
                throw new ConfigException(k.key("secret"), "is required (base64, as tsig-keygen or keymgr -t print it)");
            }
            TsigKey key;
            try {
                key = TsigKey.of(name, algorithm, secret);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(k.key("name"), e.getMessage());
            }
            if (!names.add(key.name())) {
                throw new ConfigException(k.key("name"), "TSIG key " + key.name() + " is configured twice");
            }
            if (key.secret().length < 16) {
                throw new ConfigException(k.key("secret"), "is shorter than 16 bytes; make one with tsig-keygen");
            }
            k.rejectUnknown();
            keys.add(key);
        }
        return new Keyring(keys);
    }

    /** {@code webhooks} of one zone: {@code [{url, secret, events}]}. */
    private static List<Webhook> webhooks(ConfigNode z, String zone) throws ConfigException {
        List<Webhook> out = new ArrayList<>();
        Set<URI> urls = new HashSet<>();
        for (ConfigNode w : z.children("webhooks")) {
            String text = w.string("url", null);
            if (text == null) {
                throw new ConfigException(w.key("url"), "is required");
            }
            URI url;
            try {
                url = new URI(text);
            } catch (java.net.URISyntaxException e) {
                throw new ConfigException(w.key("url"), "'" + text + "' is not a URL: " + e.getMessage());
            }
            if (url.getScheme() == null || !url.getScheme().matches("(?i)https?") || url.getHost() == null
                    || url.getUserInfo() != null || url.getFragment() != null) {
                throw new ConfigException(w.key("url"), "must be an http:// or https:// URL with a host (no user"
                        + " or fragment), not '" + text + "'");
            }
            if (!urls.add(url)) {
                throw new ConfigException(w.key("url"), url + " is configured twice for this zone");
            }
            String secret = w.string("secret", null);
            if (secret == null || secret.length() < 16) {
                throw new ConfigException(w.key("secret"), "is required, at least 16 characters"
                        + " (it keys the HMAC-SHA256 signature; openssl rand -hex 32 makes one)");
            }
            java.util.EnumSet<WebhookEvent> events = java.util.EnumSet.noneOf(WebhookEvent.class);
            for (String e : w.strings("events", List.of("address-changed", "name-added", "name-released"))) {
                WebhookEvent event = WebhookEvent.parse(e);
                if (event == null) {
                    throw new ConfigException(w.key("events"), "'" + e
                            + "' is not an event; use address-changed, name-added or name-released");
                }
                events.add(event);
            }
            if (events.isEmpty()) {
                throw new ConfigException(w.key("events"), "lists no event");
            }
            w.rejectUnknown();
            out.add(new Webhook(zone, url, secret, events));
        }
        return out;
    }

    /** One {@code {id, secret}} or {@code {id, file}} of a zone's keys or masters. */
    private static TokenKey tokenKey(ConfigNode k, Path base) throws ConfigException {
        int id = (int) k.integer("id", -1, 0, 255);
        if (id < 0) {
            throw new ConfigException(k.key("id"), "is required (0..255)");
        }
        String secret = k.string("secret", null);
        String file = k.string("file", null);
        if ((secret == null) == (file == null)) {
            throw new ConfigException(k.key("file"), "give exactly one of file or secret");
        }
        TokenKey key;
        if (secret != null) {
            try {
                key = TokenKey.fromBase64(id, secret);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(k.key("secret"), e.getMessage());
            }
        } else {
            key = keyFromFile(k.key("file"), id, path(base, file));
        }
        k.rejectUnknown();
        return key;
    }

    /**
     * {@code trusted-proxies}: each an address or prefix (its proxy writes X-Forwarded-For), or
     * {@code {from: PREFIX, header: forwarded|x-forwarded-for}}.
     */
    private static List<TrustedProxy> trustedProxies(ConfigNode root) throws ConfigException {
        Object raw = root.raw("trusted-proxies");
        if (raw != null && !(raw instanceof List<?>)) {
            throw new ConfigException("trusted-proxies", "must be a list of prefixes or {from, header}");
        }
        List<TrustedProxy> out = new ArrayList<>();
        List<?> items = raw == null ? List.of() : (List<?>) raw;
        for (int i = 0; i < items.size(); i++) {
            String at = "trusted-proxies[" + i + "]";
            Object item = items.get(i);
            String from;
            TrustedProxy.Header header = TrustedProxy.Header.X_FORWARDED_FOR;
            if (item instanceof String text) {
                from = text;
            } else if (item instanceof Map<?, ?> m) {
                ConfigNode n = ConfigNode.at(at, m);
                from = n.string("from", null);
                if (from == null) {
                    throw new ConfigException(n.key("from"), "is required");
                }
                String name = n.string("header", "x-forwarded-for");
                header = TrustedProxy.Header.named(name);
                if (header == null) {
                    throw new ConfigException(n.key("header"), "'" + name + "': use forwarded or x-forwarded-for");
                }
                n.rejectUnknown();
            } else {
                throw new ConfigException(at, "must be a prefix or {from, header}");
            }
            try {
                out.add(new TrustedProxy(Cidr.parse(from), header));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(at, e.getMessage());
            }
        }
        return out;
    }

    /** {@code allow-transfer} and {@code notify} of one zone. */
    private static ZoneTransfer transfer(ConfigNode z, Keyring keys) throws ConfigException {
        List<TransferRule> allow = new ArrayList<>();
        for (ConfigNode r : z.children("allow-transfer")) {
            TsigKey key = key(r, keys);
            String from = r.string("from", null);
            Cidr prefix = null;
            if (from != null) {
                try {
                    prefix = Cidr.parse(from);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(r.key("from"), e.getMessage());
                }
            }
            if (key == null && prefix == null) {
                throw new ConfigException(r.key("key"), "give a key, a from prefix, or both");
            }
            r.rejectUnknown();
            allow.add(new TransferRule(key, prefix));
        }
        List<NotifyTarget> notify = new ArrayList<>();
        Object raw = z.raw("notify");
        if (raw != null && !(raw instanceof List<?>)) {
            throw new ConfigException(z.key("notify"), "must be a list of HOST:PORT or {address, key}");
        }
        List<?> items = raw == null ? List.of() : (List<?>) raw;
        for (int i = 0; i < items.size(); i++) {
            String at = z.key("notify") + "[" + i + "]";
            Object item = items.get(i);
            String address;
            TsigKey key = null;
            if (item instanceof String text) {
                address = text;
            } else if (item instanceof Map<?, ?> m) {
                ConfigNode n = ConfigNode.at(at, m);
                address = n.string("address", null);
                if (address == null) {
                    throw new ConfigException(n.key("address"), "is required");
                }
                key = key(n, keys);
                n.rejectUnknown();
            } else {
                throw new ConfigException(at, "must be HOST:PORT or {address, key}");
            }
            try {
                HostPort target = HostPort.parse(address);
                if (target.port() == 0) {
                    throw new IllegalArgumentException("'" + address + "' has port 0");
                }
                notify.add(new NotifyTarget(target.socketAddress(), key));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(at, e.getMessage());
            }
        }
        return new ZoneTransfer(allow, notify);
    }

    /**
     * {@code allow-update}: each entry lets a key change the listed types at one owner name (relative
     * to the apex or ending in it; {@code *} for any one label) by RFC 2136 UPDATE.
     */
    private static ZoneUpdates updates(ConfigNode z, String zone, Keyring keys) throws ConfigException {
        List<UpdateGrant> grants = new ArrayList<>();
        for (ConfigNode g : z.children("allow-update")) {
            TsigKey key = key(g, keys);
            if (key == null) {
                throw new ConfigException(g.key("key"), "is required: an update is signed with a key");
            }
            String name = g.string("name", null);
            if (name == null) {
                throw new ConfigException(g.key("name"), "is required: the owner name the key may change");
            }
            List<String> owner = updateOwner(name, zone);
            if (owner == null) {
                throw new ConfigException(g.key("name"), "'" + name + "' is not a name under " + zone
                        + " (labels of letters, digits, hyphens and underscores, or *)");
            }
            List<String> typeNames = g.strings("types", List.of());
            if (typeNames.isEmpty()) {
                throw new ConfigException(g.key("types"), "list the types the key may change (A, AAAA, TXT, CNAME, MX, SRV, TLSA)");
            }
            Set<UpdatableType> types = java.util.EnumSet.noneOf(UpdatableType.class);
            for (String t : typeNames) {
                UpdatableType type = UpdatableType.named(t);
                if (type == null) {
                    throw new ConfigException(g.key("types"), "'" + t + "': updates change A, AAAA, TXT, CNAME, MX, SRV or TLSA");
                }
                if (!type.livesAt(owner.size(), owner.get(0))) {
                    throw new ConfigException(g.key("types"), type + " records do not live at " + name
                            + " (A, AAAA, TXT, CNAME, MX at a device's name; TXT at _acme-challenge.NAME;"
                            + " SRV and TLSA at _service._proto.NAME)");
                }
                types.add(type);
            }
            g.rejectUnknown();
            grants.add(new UpdateGrant(key, owner, types));
        }
        return new ZoneUpdates(grants);
    }

    private static final Pattern UPDATE_LABEL = Pattern.compile("\\*|[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?");

    /** An {@code allow-update} name as labels under the apex, or null when it is none. */
    private static List<String> updateOwner(String name, String zone) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        if (n.endsWith("." + zone)) {
            n = n.substring(0, n.length() - zone.length() - 1);
        }
        if (n.isEmpty() || n.equals(zone)) {
            return null;
        }
        List<String> labels = List.of(n.split("\\.", -1));
        return labels.stream().allMatch(l -> UPDATE_LABEL.matcher(l).matches()) ? labels : null;
    }

    private static TsigKey key(ConfigNode n, Keyring keys) throws ConfigException {
        String name = n.string("key", null);
        if (name == null) {
            return null;
        }
        String normal = name.toLowerCase(Locale.ROOT);
        TsigKey key = keys.find(normal.endsWith(".") ? normal.substring(0, normal.length() - 1) : normal);
        if (key == null) {
            throw new ConfigException(n.key("key"), "no TSIG key named '" + name + "' in tsig-keys");
        }
        return key;
    }

    private static List<Zone> zones(ConfigNode root, Path base, Path dataDir, Overrides overrides,
            List<BeaconConfig.NewKeyFile> newKeys, Map<Integer, Path> keyFiles, Keyring tsigKeys, List<Webhook> webhooks)
            throws ConfigException {
        List<ConfigNode> nodes = root.children("zones");
        if (nodes.size() > 1 && (overrides.zone() != null || overrides.keyFile() != null)) {
            throw new ConfigException("--zone", "the config defines " + nodes.size()
                    + " zones; --zone and --key-file apply only to a config with one zone or none");
        }
        if (nodes.isEmpty()) {
            nodes = List.of(new ConfigNode("zones[0]", new LinkedHashMap<>()));
        }
        List<Zone> zones = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<Integer> keyIds = new HashSet<>();
        Set<Integer> allMasterIds = new HashSet<>();
        for (ConfigNode z : nodes) {
            Zone zone = zone(z, base, dataDir, overrides, nodes.size() == 1, newKeys, keyFiles, tsigKeys, webhooks);
            if (!names.add(zone.name())) {
                throw new ConfigException(z.key("name"), "zone " + zone.name() + " is configured twice");
            }
            for (TokenKey k : zone.keys()) {
                if (!keyIds.add(k.id())) {
                    throw new ConfigException(z.key("keys"), "key id " + k.id() + " is already used by another zone");
                }
            }
            for (TokenKey m : zone.masters()) {
                if (!allMasterIds.add(m.id())) {
                    throw new ConfigException(z.key("masters"), "master id " + m.id() + " is already used by another zone");
                }
            }
            zones.add(zone);
        }
        return reserveDelegations(zones);
    }

    /**
     * In each zone, the labels that lead to another configured zone or to any zone's name server
     * are reserved: a device holding one would shadow the delegation or the name server.
     */
    private static List<Zone> reserveDelegations(List<Zone> zones) {
        List<Zone> out = new ArrayList<>();
        for (Zone z : zones) {
            Set<String> labels = new java.util.TreeSet<>();
            for (Zone other : zones) {
                labelUnder(other.name(), z.name(), labels);
                other.nameServers().forEach(ns -> labelUnder(ns.name(), z.name(), labels));
            }
            out.add(labels.isEmpty() ? z : z.withPolicy(z.policy().reserving(labels)));
        }
        return out;
    }

    /** Adds the label of {@code name} just below {@code zone}, when it lies below it. */
    private static void labelUnder(String name, String zone, Set<String> labels) {
        String n = name.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        if (n.endsWith("." + zone)) {
            String rest = n.substring(0, n.length() - zone.length() - 1);
            labels.add(rest.substring(rest.lastIndexOf('.') + 1));
        }
    }

    /** {@code policy.reserved-patterns}: lowercase letters, digits, hyphens and {@code *}. */
    private static List<String> reservedPatterns(ConfigNode p) throws ConfigException {
        List<String> patterns = p.strings("reserved-patterns", List.of());
        for (String pattern : patterns) {
            if (!pattern.toLowerCase(Locale.ROOT).matches("[a-z0-9*-]{1,63}")) {
                throw new ConfigException(p.key("reserved-patterns"), "'" + pattern
                        + "': letters, digits, hyphens and * (any run of characters)");
            }
        }
        return patterns;
    }

    private static Zone zone(ConfigNode z, Path base, Path dataDir, Overrides overrides, boolean single,
            List<BeaconConfig.NewKeyFile> newKeys, Map<Integer, Path> keyFiles, Keyring tsigKeys, List<Webhook> webhooks)
            throws ConfigException {
        String nameInFile = z.string("name", DEFAULT_ZONE);
        String name = (single && overrides.zone() != null ? overrides.zone() : nameInFile).toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (!ZONE_NAME.matcher(name).matches()) {
            throw new ConfigException(single && overrides.zone() != null ? "--zone" : z.key("name"),
                    "'" + name + "' is not a valid DNS name");
        }
        int ttl = (int) z.integer("ttl", 60, 0, 604_800);
        List<NameServer> ns = nameServers(z, name);
        String hostmaster = z.string("hostmaster", "hostmaster." + name);
        if (!ZONE_NAME.matcher(hostmaster.toLowerCase(Locale.ROOT)).matches()) {
            throw new ConfigException(z.key("hostmaster"), "'" + hostmaster + "' is not a valid DNS name (mailbox form: hostmaster.example.com)");
        }
        Soa soa = soa(z.child("soa"));

        List<TokenKey> keys = new ArrayList<>();
        if (single && overrides.keyFile() != null) {
            z.children("keys");
            keys.add(keyFromFile("--key-file", 1, overrides.keyFile()));
            keyFiles.put(1, overrides.keyFile());
        } else {
            List<ConfigNode> keyNodes = z.children("keys");
            if (keyNodes.isEmpty()) {
                // A zone without keys uses DATA/device.key as key id 1. A missing one is made
                // here but written only by the server, once it has seen the database is empty.
                Path defaultKey = dataDir.resolve(DEFAULT_KEY_FILE);
                keyFiles.put(1, defaultKey);
                if (Files.exists(defaultKey)) {
                    keys.add(keyFromFile(z.key("keys"), 1, defaultKey));
                } else {
                    String text = KeyFile.newKeyText(new java.security.SecureRandom());
                    newKeys.add(new BeaconConfig.NewKeyFile(name, defaultKey, text));
                    keys.add(TokenKey.fromBase64(1, text));
                }
            }
            for (ConfigNode k : keyNodes) {
                TokenKey key = tokenKey(k, base);
                keys.add(key);
                String file = k.string("file", null);
                if (file != null) {
                    keyFiles.put(key.id(), path(base, file));
                }
            }
        }
        List<TokenKey> masters = new ArrayList<>();
        Set<Integer> masterIds = new HashSet<>();
        for (ConfigNode k : z.children("masters")) {
            TokenKey master = tokenKey(k, base);
            if (!masterIds.add(master.id())) {
                throw new ConfigException(k.key("id"), "master id " + master.id() + " is given twice");
            }
            masters.add(master);
        }

        ConfigNode p = z.child("policy");
        Set<Integer> versions = new java.util.TreeSet<>();
        for (String v : p.strings("token-versions", List.of("1", "2"))) {
            if (!v.equals("1") && !v.equals("2")) {
                throw new ConfigException(p.key("token-versions"), "'" + v + "': token versions are 1 and 2");
            }
            versions.add(Integer.parseInt(v));
        }
        if (versions.isEmpty()) {
            throw new ConfigException(p.key("token-versions"), "accept at least one token version");
        }
        if (versions.equals(Set.of(2)) && masters.isEmpty()) {
            throw new ConfigException(p.key("token-versions"), "only version 2 needs masters: for the zone (beacon keygen)");
        }
        boolean publicOnly = p.bool("public-only", false);
        boolean staticInFile = p.bool("allow-static-tokens", false);
        ZonePolicy policy = new ZonePolicy(
                publicOnly,
                overrides.allowStaticTokens() || staticInFile,
                (int) p.integer("max-names-per-device", 1, 1, 1000),
                reserved(p.strings("reserved-labels", List.copyOf(ZonePolicy.DEFAULT_RESERVED)), ns, name),
                p.bool("operator-tokens", false),
                new TxtLimits((int) p.integer("max-txt-values", TxtLimits.defaults().values(), 1, 16),
                        (int) p.integer("max-txt-bytes", TxtLimits.defaults().bytes(), TxtChange.MAX_LENGTH, 4096)),
                versions, reservedPatterns(p), p.bool("static-https-only", false), ttlBounds(p), txtTtl(p));
        p.rejectUnknown();

        Map<String, FieldSpec> fields = new LinkedHashMap<>();
        for (ConfigNode f : z.children("fields")) {
            FieldSpec spec = field(f);
            if (fields.put(spec.name(), spec) != null) {
                throw new ConfigException(f.key("name"), "field " + spec.name() + " is configured twice");
            }
        }
        ZoneTransfer transfer = transfer(z, tsigKeys);
        ZoneUpdates updates = updates(z, name, tsigKeys);
        webhooks.addAll(webhooks(z, name));
        z.rejectUnknown();
        return new Zone(name, ttl, ns, hostmaster, soa, policy, fields, keys, transfer, masters, updates);
    }

    /** {@code txt-ttl}: how long a TXT value stays after it was set; 0 for ever. */
    private static long txtTtl(ConfigNode p) throws ConfigException {
        Duration d = p.duration("txt-ttl", Duration.ofSeconds(ZonePolicy.DEFAULT_TXT_TTL_SECONDS));
        if (d.isNegative() || !d.isZero() && d.toSeconds() < 1) {
            throw new ConfigException(p.key("txt-ttl"), "must be 0 (for ever) or at least a second");
        }
        return d.toSeconds();
    }

    /** {@code ttl-min} and {@code ttl-max}: the TTLs a device may give its names. */
    private static TtlBounds ttlBounds(ConfigNode p) throws ConfigException {
        int min = (int) p.integer("ttl-min", TtlBounds.defaults().min(), 1, NameExtras.MAX_TTL);
        int max = (int) p.integer("ttl-max", Math.max(min, TtlBounds.defaults().max()), 1, NameExtras.MAX_TTL);
        if (min > max) {
            throw new ConfigException(p.key("ttl-min"), "is greater than ttl-max (" + max + ")");
        }
        return new TtlBounds(min, max);
    }

    /**
     * {@code ns}: a list of names, or of {@code {name, a, aaaa}} mappings giving glue for a server
     * inside the zone (which must sit directly under the apex).
     */
    private static List<NameServer> nameServers(ConfigNode z, String zone) throws ConfigException {
        Object raw = z.raw("ns");
        if (raw == null) {
            return List.of(NameServer.named("ns1." + zone));
        }
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            throw new ConfigException(z.key("ns"), "must be a non-empty list of name servers");
        }
        List<NameServer> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String key = z.key("ns") + "[" + i + "]";
            Object item = list.get(i);
            String name;
            List<java.net.InetAddress> glue = new ArrayList<>();
            if (item instanceof Map<?, ?> m) {
                ConfigNode n = ConfigNode.at(key, m);
                name = n.string("name", null);
                if (name == null) {
                    throw new ConfigException(n.key("name"), "is required");
                }
                glue.addAll(addresses(n, "a", java.net.Inet4Address.class));
                glue.addAll(addresses(n, "aaaa", java.net.Inet6Address.class));
                n.rejectUnknown();
            } else if (item instanceof String text) {
                name = text;
            } else {
                throw new ConfigException(key, "must be a name or {name, a, aaaa}");
            }
            NameServer server = new NameServer(name, glue);
            if (!ZONE_NAME.matcher(server.name()).matches()) {
                throw new ConfigException(key, "'" + name + "' is not a valid DNS name");
            }
            boolean inZone = server.name().endsWith("." + zone);
            if (!glue.isEmpty() && !inZone) {
                throw new ConfigException(key, "glue addresses are only served for name servers inside the zone");
            }
            if (inZone && server.name().substring(0, server.name().length() - zone.length() - 1).contains(".")) {
                throw new ConfigException(key, "a name server inside the zone must sit directly under the apex");
            }
            out.add(server);
        }
        return out;
    }

    private static List<java.net.InetAddress> addresses(ConfigNode n, String name, Class<?> family)
            throws ConfigException {
        Object raw = n.raw(name);
        List<java.net.InetAddress> out = new ArrayList<>();
        if (raw == null) {
            return out;
        }
        List<?> items = raw instanceof List<?> l ? l : List.of(raw);
        for (Object o : items) {
            java.net.InetAddress a = dev.beacon.ip.IpLiteral.parse(String.valueOf(o));
            if (!family.isInstance(a)) {
                throw new ConfigException(n.key(name), "'" + o + "' is not an " + (name.equals("a") ? "IPv4" : "IPv6")
                        + " address");
            }
            out.add(a);
        }
        return out;
    }

    /** The configured reserved labels plus the labels of the zone's own name servers. */
    private static java.util.Set<String> reserved(List<String> configured, List<NameServer> ns, String zone) {
        java.util.Set<String> out = new HashSet<>(configured);
        for (NameServer server : ns) {
            if (server.name().endsWith("." + zone)) {
                out.add(server.name().substring(0, server.name().length() - zone.length() - 1));
            }
        }
        return out;
    }

    private static Soa soa(ConfigNode node) throws ConfigException {
        Soa d = Soa.defaults();
        Soa soa = new Soa(
                (int) node.integer("ttl", d.ttl(), 0, 604_800),
                (int) node.integer("refresh", d.refresh(), 1, Integer.MAX_VALUE),
                (int) node.integer("retry", d.retry(), 1, Integer.MAX_VALUE),
                (int) node.integer("expire", d.expire(), 1, Integer.MAX_VALUE),
                (int) node.integer("minimum", d.minimum(), 0, 604_800));
        node.rejectUnknown();
        return soa;
    }

    private static FieldSpec field(ConfigNode f) throws ConfigException {
        String name = f.string("name", null);
        if (name == null) {
            throw new ConfigException(f.key("name"), "is required");
        }
        String type = f.string("type", "string");
        try {
            FieldSpec spec = switch (type) {
                case "int" -> FieldSpec.integer(name, f.integer("min", Long.MIN_VALUE, Long.MIN_VALUE, Long.MAX_VALUE),
                        f.integer("max", Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE));
                case "string" -> {
                    String pattern = f.string("pattern", null);
                    yield FieldSpec.string(name, (int) f.integer("max-length", 64, 1, 1024),
                            pattern == null ? null : Pattern.compile(pattern));
                }
                default -> throw new ConfigException(f.key("type"), "must be int or string, not '" + type + "'");
            };
            f.rejectUnknown();
            return spec;
        } catch (PatternSyntaxException e) {
            throw new ConfigException(f.key("pattern"), "is not a valid regular expression: " + e.getDescription());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(f.key("name"), e.getMessage());
        }
    }

    private static BeaconConfig.Logging logging(ConfigNode node) throws ConfigException {
        String level = node.string("level", "info").toUpperCase(Locale.ROOT);
        if (!List.of("ERROR", "WARN", "INFO", "DEBUG", "TRACE").contains(level)) {
            throw new ConfigException(node.key("level"), "must be error, warn, info, debug or trace, not '"
                    + node.string("level", null) + "'");
        }
        String format = node.string("format", "text");
        if (!format.equals("text") && !format.equals("json")) {
            throw new ConfigException(node.key("format"), "must be text or json, not '" + format + "'");
        }
        int refusals = (int) node.integer("refusal-lines-per-minute", 20, 0, 100_000);
        node.rejectUnknown();
        return new BeaconConfig.Logging(level, format.equals("json"), refusals);
    }

    private static FloodLimits flood(ConfigNode node) throws ConfigException {
        FloodLimits d = FloodLimits.defaults();
        Rate device = rate(node.child("device"), d.device());
        Rate address = rate(node.child("address"), d.address());
        Rate network = rate(node.child("network"), d.network());
        int unchanged = (int) node.integer("nochg-per-hour", d.unchangedPerHour(), 1, 1_000_000);
        int maxTracked = (int) node.integer("max-tracked", d.maxTracked(), 1000, 100_000_000);
        node.rejectUnknown();
        return new FloodLimits(device, address, network, unchanged, maxTracked);
    }

    private static Rate rate(ConfigNode node, Rate fallback) throws ConfigException {
        int burst = (int) node.integer("burst", fallback.burst(), 1, 100_000_000);
        boolean perSecond = node.has("per-second");
        boolean perMinute = node.has("per-minute");
        if (perSecond && perMinute) {
            throw new ConfigException(node.key("per-second"), "give per-second or per-minute, not both");
        }
        double rate = perSecond ? node.number("per-second", 0, 1e-6)
                : perMinute ? node.number("per-minute", 0, 1e-6) / 60.0 : fallback.perSecond();
        node.rejectUnknown();
        return new Rate(burst, rate);
    }

    private static HttpSettings httpSettings(ConfigNode node) throws ConfigException {
        HttpSettings d = HttpSettings.defaults();
        HttpSettings s = new HttpSettings(
                (int) node.integer("max-url", d.maxUrl(), 256, 65_536),
                (int) node.integer("max-headers", d.maxHeaders(), 1024, 1_048_576),
                (int) node.integer("max-body", d.maxBody(), 256, 1_048_576),
                positive(node, "request-timeout", d.requestTimeout()),
                positive(node, "idle-timeout", d.idleTimeout()),
                (int) node.integer("max-pipelined", d.maxPipelined(), 1, 1024));
        node.rejectUnknown();
        return s;
    }

    private static RewriteRule rewrite(ConfigNode r) throws ConfigException {
        String path = r.string("path", null);
        if (path == null || !path.startsWith("/")) {
            throw new ConfigException(r.key("path"), "is required and must start with /");
        }
        java.util.Set<String> methods = new java.util.HashSet<>();
        for (String m : r.strings("methods", List.of("GET", "POST"))) {
            methods.add(m.toUpperCase(Locale.ROOT));
        }
        String operation = r.string("operation", null);
        dev.beacon.device.Endpoint endpoint = operation == null ? null
                : dev.beacon.device.Endpoint.ofPath("/" + operation.toLowerCase(Locale.ROOT) + ".aspx");
        if (endpoint == null || endpoint == dev.beacon.device.Endpoint.CIPHER) {
            throw new ConfigException(r.key("operation"), "must be add, update, remove, ipcheck or ipdetect");
        }
        RewriteRule.Source token = source(r, "token");
        if (token == null && endpoint != dev.beacon.device.Endpoint.IPDETECT) {
            throw new ConfigException(r.key("token"), "is required: query:NAME, basic, path:N or header:NAME");
        }
        RewriteRule.Source hostname = source(r, "hostname");
        if (hostname == null && endpoint == dev.beacon.device.Endpoint.ADD) {
            throw new ConfigException(r.key("hostname"), "is required for operation add");
        }
        RewriteRule.Source ip = source(r, "ip");
        Map<String, String> replies = new LinkedHashMap<>();
        Object raw = r.raw("replies");
        if (raw != null) {
            if (!(raw instanceof Map<?, ?> m)) {
                throw new ConfigException(r.key("replies"), "must map reply codes (\"09\", \"911\", \"*\") to text");
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                // YAML reads an unquoted 09 as text but 10 as a number, and 9 for "09" is a slip.
                String code = String.valueOf(e.getKey());
                String normal = code.length() == 1 && Character.isDigit(code.charAt(0)) ? "0" + code : code;
                boolean known = java.util.Arrays.stream(dev.beacon.device.ReplyCode.values()).anyMatch(c -> c.text().equals(normal));
                if (!normal.equals("*") && !known) {
                    throw new ConfigException(r.key("replies"), "'" + code + "' is not a reply code (01 ... 16, 911) or *");
                }
                code = normal;
                replies.put(code, e.getValue() == null ? "" : e.getValue().toString());
            }
        }
        r.rejectUnknown();
        return new RewriteRule(path, methods, endpoint, token, hostname, ip, replies);
    }

    private static RewriteRule.Source source(ConfigNode r, String name) throws ConfigException {
        String text = r.string(name, null);
        if (text == null) {
            return null;
        }
        try {
            return RewriteRule.Source.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(r.key(name), e.getMessage());
        }
    }

    private static DnsSettings dnsSettings(ConfigNode node) throws ConfigException {
        DnsSettings d = DnsSettings.defaults();
        DnsSettings s = new DnsSettings(
                (int) node.integer("udp-payload", d.udpPayload(), 512, 4096),
                positive(node, "tcp-initial-timeout", d.tcpInitialTimeout()),
                positive(node, "tcp-idle-timeout", d.tcpIdleTimeout()),
                positive(node, "tcp-message-timeout", d.tcpMessageTimeout()),
                (int) node.integer("max-tcp-connections", d.maxTcpConnections(), 1, 1_000_000),
                rateLimit(node.child("rate-limit")), cookies(node));
        node.rejectUnknown();
        return s;
    }

    private static DnsSettings.RateLimit rateLimit(ConfigNode node) throws ConfigException {
        DnsSettings.RateLimit d = DnsSettings.RateLimit.defaults();
        DnsSettings.RateLimit r = new DnsSettings.RateLimit(
                (int) node.integer("responses-per-second", d.perSecond(), 0, 1_000_000),
                (int) node.integer("slip", d.slip(), 0, 10),
                (int) node.integer("ipv4-prefix", d.ipv4Prefix(), 8, 32),
                (int) node.integer("ipv6-prefix", d.ipv6Prefix(), 16, 64));
        node.rejectUnknown();
        return r;
    }

    private static DnsSettings.Cookies cookies(ConfigNode node) throws ConfigException {
        boolean enabled = node.bool("cookies", true);
        String hex = node.string("cookie-secret", null);
        if (hex == null) {
            return new DnsSettings.Cookies(enabled, null);
        }
        if (!hex.matches("[0-9a-fA-F]{32}")) {
            throw new ConfigException(node.key("cookie-secret"), "must be 32 hex digits (16 bytes), e.g. from: openssl rand -hex 16");
        }
        return new DnsSettings.Cookies(enabled, java.util.HexFormat.of().parseHex(hex));
    }

    private static HostPort hostPort(ConfigNode node, String name, String override, String fallback)
            throws ConfigException {
        if (override == null && Boolean.FALSE.equals(node.raw(name))) {
            return null;
        }
        String inFile = node.string(name, fallback);
        String text = override != null ? override : inFile;
        if (text == null || text.isBlank() || text.equals("off")) {
            return null;
        }
        try {
            return HostPort.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(override != null ? "--" + name : node.key(name), e.getMessage());
        }
    }

    private static Duration positive(ConfigNode node, String name, Duration fallback) throws ConfigException {
        Duration d = node.duration(name, fallback);
        if (d.isZero() || d.isNegative()) {
            throw new ConfigException(node.key(name), "must be longer than zero");
        }
        return d;
    }

    private static TokenKey keyFromFile(String key, int id, Path file) throws ConfigException {
        try {
            return KeyFile.read(id, file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(key, "key file " + file + " does not exist (make one with: beacon keygen > FILE)");
        } catch (IOException e) {
            throw new ConfigException(key, "cannot read key file " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, "key file " + file + ": " + e.getMessage());
        }
    }

    private static Path readable(String key, Path file) throws ConfigException {
        if (!Files.isReadable(file)) {
            throw new ConfigException(key, "cannot read " + file);
        }
        return file;
    }

    private static Path path(Path base, String text) {
        if (text == null) {
            return null;
        }
        Path p = Path.of(text);
        return p.isAbsolute() ? p : base.resolve(p);
    }

    private static String read(Path file) throws ConfigException {
        try {
            // Strict UTF-8: a byte that is not (a file in another encoding) is an error, not a U+FFFD.
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(SmallFile.read(file, 1 << 20)))
                    .toString();
        } catch (IOException e) {
            throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
        }
    }

    private static Map<?, ?> parse(String text, String label) throws ConfigException {
        // YAML 1.2 (core schema): off, no and yes are text, so "https: off" means off, not false.
        LoadSettings settings = LoadSettings.builder()
                .setSchema(new CoreSchema())
                .setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(10)
                .setLabel(label)
                .build();
        try {
            Object doc = new Load(settings).loadFromString(text);
            if (doc == null) {
                return new LinkedHashMap<>();
            }
            if (!(doc instanceof Map<?, ?> map)) {
                throw new ConfigException("", label + " must be a YAML mapping of keys to values");
            }
            return map;
        } catch (YamlEngineException e) {
            throw new ConfigException("", label + " is not valid YAML: " + e.getMessage().replace('\n', ' '));
        }
    }
}
