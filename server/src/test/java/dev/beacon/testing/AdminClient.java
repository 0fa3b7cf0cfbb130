package dev.beacon.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.beacon.admin.AdminTokenHash;
import dev.beacon.server.BeaconServer;
import dev.beacon.store.AdminToken;
import dev.beacon.store.JdbcStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;

/** The operator API of a running server, as a script calls it: a bearer token and JSON. */
public final class AdminClient {

    /** A reply: its status and its body as JSON (null when it is not JSON). */
    public record Reply(int status, JsonNode json, String body, HttpResponse<String> raw) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String token;

    public AdminClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** A new token of this name and scope, stored as the CLI stores one, for the server's admin listener. */
    public static AdminClient withNewToken(BeaconServer server, String name, AdminToken.Scope scope) throws Exception {
        return new AdminClient(URI.create("http://127.0.0.1:" + server.adminAddress().getPort()),
                newToken(server, name, scope));
    }

    /** Stores a new token in the server's database and returns it. */
    public static String newToken(BeaconServer server, String name, AdminToken.Scope scope) throws Exception {
        String token = AdminTokenHash.newToken(new SecureRandom());
        try (JdbcStore store = JdbcStore.connect(server.config().store())) {
            if (!store.addAdminToken(new AdminToken(name, scope, System.currentTimeMillis()), AdminTokenHash.of(token))) {
                throw new IllegalStateException("token " + name + " exists");
            }
        }
        return token;
    }

    public String token() {
        return token;
    }

    public Reply get(String path) throws IOException, InterruptedException {
        return send("GET", path, token);
    }

    public Reply post(String path) throws IOException, InterruptedException {
        return send("POST", path, token);
    }

    public Reply delete(String path) throws IOException, InterruptedException {
        return send("DELETE", path, token);
    }

    /** A request with this method and bearer token (null: no Authorization header). */
    public Reply send(String method, String path, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json;
        try {
            json = JSON.readTree(r.body());
        } catch (IOException e) {
            json = null;
        }
        return new Reply(r.statusCode(), json, r.body(), r);
    }
}
