package dev.beacon.testing;

import dev.beacon.config.BeaconConfig;
import dev.beacon.config.ConfigLoader;
import dev.beacon.config.Overrides;
import dev.beacon.server.BeaconServer;
import dev.beacon.token.DeviceId;
import dev.beacon.token.TokenCodec;
import dev.beacon.token.TokenKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * A real Beacon on 127.0.0.1 with an ephemeral port, a real SQLite file (or the database a test
 * names), and a client that mints tokens as firmware does. Generous flood limits unless a test
 * sets its own.
 */
public final class TestServer implements AutoCloseable {

    public static final String KEY_BASE64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    public static final String USER_AGENT = "Acme - Cam X1 - 1.0.3";

    private final BeaconServer server;
    private final TokenKey key = TokenKey.fromBase64(1, KEY_BASE64);
    private final TokenCodec codec = new TokenCodec(new SecureRandom());
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Path dataDir;

    private TestServer(BeaconServer server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    /** Mints with the test key, as a device would: for servers started some other way (a child process). */
    public static final class Tokens {
        private final TokenCodec codec = new TokenCodec(new SecureRandom());
        private final TokenKey key = TokenKey.fromBase64(1, KEY_BASE64);

        public String mint(String device) {
            return codec.mint(key, DeviceId.parse(device), System.currentTimeMillis() / 1000);
        }
    }

    public static Builder in(Path dir) {
        return new Builder(dir);
    }

    /** Options a test may change; each is a YAML fragment placed under its key. */
    public static final class Builder {
        private final Path dir;
        private String policy = "{}";
        private String flood = "{device: {burst: 100000, per-second: 100000}, address: {burst: 100000, per-second: 100000},"
                + " network: {burst: 100000, per-second: 100000}, nochg-per-hour: 1000000}";
        private String storage = "{lock-timeout: 2s}";
        private String db;
        private boolean dev = true;
        private String extra = "";
        private String zoneExtra = "";
        private int httpPort;
        private Path tlsCert;
        private boolean adminTls;
        private String secondZone;
        private Path tlsKey;

        private Builder(Path dir) {
            this.dir = dir;
        }

        public Builder policy(String yaml) {
            this.policy = yaml;
            return this;
        }

        public Builder flood(String yaml) {
            this.flood = yaml;
            return this;
        }

        public Builder storage(String yaml) {
            this.storage = yaml;
            return this;
        }

        public Builder db(String jdbcUrl) {
            this.db = jdbcUrl;
            return this;
        }

        public Builder dev(boolean on) {
            this.dev = on;
            return this;
        }

        /** A given HTTP port, to restart a server where its clients know it (0: any free port). */
        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        /** More keys of the test zone, as YAML lines indented under it ({@code "ns: [...]"}). */
        public Builder zone(String yamlLines) {
            this.zoneExtra = yamlLines;
            return this;
        }

        /** A second zone, whose devices' tokens use key id 2 (same secret). */
        public Builder secondZone(String name) {
            this.secondZone = name;
            return this;
        }

        /** The admin listener speaks HTTPS too, with the certificate {@link #https} gives. */
        public Builder adminTls() {
            this.adminTls = true;
            return this;
        }

        /** Adds an HTTPS listener with this PEM certificate and key. */
        public Builder https(Path cert, Path key) {
            this.tlsCert = cert;
            this.tlsKey = key;
            return this;
        }

        public Builder extra(String yaml) {
            this.extra = yaml;
            return this;
        }

        /** The YAML this builder would start with. */
        public String yaml() {
            return """
                    dev: %s
                    listen: {http: 127.0.0.1:%d, dns: 127.0.0.1:0, admin: 127.0.0.1:0%s%s}
                    storage: %s
                    flood: %s
                    zones:
                      - name: ddns.test
                        keys: [{id: 1, secret: '%s'}]
                        policy: %s
                        fields:
                          - {name: port, type: int, min: 1, max: 65535}
                          - {name: fw, type: string, max-length: 32}
                    %s
                    %s
                    """.formatted(dev, httpPort, tlsCert == null ? "" : ", https: 127.0.0.1:0",
                    adminTls ? ", admin-tls: true" : "", storage, flood, KEY_BASE64,
                    policy, zoneExtra.lines().map(l -> "    " + l).collect(java.util.stream.Collectors.joining("\n"))
                            + (secondZone == null ? "" : "\n  - name: " + secondZone + "\n    keys: [{id: 2, secret: '"
                            + KEY_BASE64 + "'}]"),
                    extra + (tlsCert == null ? "" : "\ntls: {cert: '" + tlsCert + "', key: '" + tlsKey + "'}\n"));
        }

        public TestServer start() throws Exception {
            Files.createDirectories(dir);
            Path file = dir.resolve("beacon.yaml");
            Files.writeString(file, yaml());
            Path data = dir.resolve("data");
            Overrides overrides = new Overrides(null, null, null, null, data, db, null, null, null, null, false);
            BeaconConfig config = ConfigLoader.load(file, overrides);
            // A reload reads beacon.yaml in the test's directory again, as a server reads its file.
            return new TestServer(BeaconServer.start(config, Clock.systemUTC(), () -> ConfigLoader.load(file, overrides)),
                    data);
        }
    }

    public BeaconServer server() {
        return server;
    }

    public Path dataDir() {
        return dataDir;
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.httpAddress().getPort());
    }

    public int port() {
        return server.httpAddress().getPort();
    }

    /** The DNS port (UDP and TCP) on 127.0.0.1. */
    public int dnsPort() {
        return server.dnsAddress().getPort();
    }

    /** A fresh token for a device of the second zone (key id 2). */
    public String tokenInSecondZone(String deviceId) {
        return codec.mint(TokenKey.fromBase64(2, KEY_BASE64), DeviceId.parse(deviceId), System.currentTimeMillis() / 1000);
    }

    /** A fresh token for a device, as its firmware would mint one now. */
    public String token(String deviceId) {
        return codec.mint(key, DeviceId.parse(deviceId), System.currentTimeMillis() / 1000);
    }

    public String staticToken(String deviceId) {
        return codec.mint(key, DeviceId.parse(deviceId), 0);
    }

    public TokenCodec codec() {
        return codec;
    }

    public TokenKey key() {
        return key;
    }

    /** GET {@code pathAndQuery} with the fleet's User-Agent; the body is the reply. */
    /**
     * The sum of a metric's samples on the admin listener's {@code /metrics}, over every line
     * whose name and labels begin with {@code prefix} (e.g. {@code beacon_dns_rate_limited_total}).
     */
    public double metric(String prefix) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + server.adminAddress().getPort() + "/metrics");
        String body = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        for (String line : body.split("\n")) {
            if (line.startsWith(prefix) && line.length() > prefix.length() && " {,}".indexOf(line.charAt(prefix.length())) >= 0) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** A new static secret for the device, issued through the operator API as an operator would. */
    public String deviceSecret(String deviceId) throws Exception {
        AdminClient admin = AdminClient.withNewToken(server, "secrets-" + java.util.UUID.randomUUID(),
                dev.beacon.store.AdminToken.Scope.WRITE);
        AdminClient.Reply reply = admin.post("/api/v1/devices/" + java.net.URLEncoder.encode(deviceId,
                java.nio.charset.StandardCharsets.UTF_8) + "/secret");
        if (reply.status() != 200) {
            throw new IllegalStateException("issuing a secret failed: " + reply.body());
        }
        return reply.json().path("secret").asText();
    }

    public HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(request(pathAndQuery).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public String body(String pathAndQuery) throws IOException, InterruptedException {
        return get(pathAndQuery).body();
    }

    public HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(base().resolve(pathAndQuery)).timeout(Duration.ofSeconds(20))
                .header("User-Agent", USER_AGENT);
    }

    public HttpClient client() {
        return http;
    }

    /** add.aspx for a device, with a fresh token. */
    public String add(String deviceId, String dm, String extraQuery) throws IOException, InterruptedException {
        return body("/add.aspx?mac=" + token(deviceId) + "&dm=" + dm + (extraQuery.isEmpty() ? "" : "&" + extraQuery));
    }

    /** update.aspx for a device, with a fresh token. */
    public String update(String deviceId, String extraQuery) throws IOException, InterruptedException {
        return body("/update.aspx?mac=" + token(deviceId) + (extraQuery.isEmpty() ? "" : "&" + extraQuery));
    }

    public String ipcheck(String deviceId) throws IOException, InterruptedException {
        return body("/ipcheck.aspx?mac=" + token(deviceId));
    }

    public String remove(String deviceId) throws IOException, InterruptedException {
        return body("/remove.aspx?mac=" + token(deviceId));
    }

    @Override
    public void close() {
        server.close();
    }
}
