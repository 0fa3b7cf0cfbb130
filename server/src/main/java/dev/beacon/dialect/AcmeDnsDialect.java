package dev.beacon.dialect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beacon.device.DeviceApi;
import dev.beacon.device.HostResults;
import dev.beacon.device.HostUpdate;
import dev.beacon.device.Params;
import dev.beacon.record.TxtChange;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * acme-dns's update call, so ACME clients that speak it (lego, acme.sh, certbot's acme-dns
 * plugin, Caddy) set a DNS-01 challenge unmodified: {@code POST /update} with the headers
 * {@code X-Api-User} (the device id) and {@code X-Api-Key} (the device's secret, which the
 * operator issues: {@code POST /api/v1/devices/ID/acme-dns} on the admin listener; there is no
 * open {@code /register}), and the JSON body {@code {"subdomain": NAME, "txt": VALUE}}, NAME being
 * a name the device holds. The value joins the name's TXT values, served at the name and at
 * {@code _acme-challenge.} the name; as in acme-dns, the newest two are kept (the zone's
 * {@code max-txt-values}).
 *
 * <p>Replies, in acme-dns's words: 200 {@code {"txt": VALUE}}; 400 {@code {"error":
 * "malformed_json_payload"}} or {@code "bad_txt"}; 401 {@code "forbidden"} when the user and key
 * prove nothing, are not the same device, or the name is not one it holds; 429 with
 * {@code Retry-After} for a flood; 503 when storage failed.
 */
public final class AcmeDnsDialect implements Dialect {

    static final String USER = "X-Api-User";
    static final String KEY = "X-Api-Key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DeviceApi api;

    public AcmeDnsDialect(DeviceApi api) {
        this.api = api;
    }

    @Override
    public boolean serves(String path) {
        return path.toLowerCase(Locale.ROOT).equals("/update");
    }

    @Override
    public boolean claims(WebRequest request) {
        return request.headers().apply(USER) != null || request.headers().apply(KEY) != null;
    }

    @Override
    public CompletableFuture<WebReply> handle(WebRequest request) {
        if (!request.method().equals("POST")) {
            return done(WebReply.of(405, error("method_not_allowed")).withHeader("Allow", "POST")
                    .withHeader("Content-Type", "application/json"));
        }
        String user = request.headers().apply(USER);
        String key = request.headers().apply(KEY);
        if (user == null || user.isBlank() || key == null || key.isBlank()) {
            return done(json(401, error("forbidden")));
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (JsonProcessingException e) {
            body = null;
        }
        if (body == null || !body.isObject() || !body.path("subdomain").isTextual() || !body.path("txt").isTextual()) {
            return done(json(400, error("malformed_json_payload")));
        }
        String subdomain = body.get("subdomain").asText().strip();
        String txt = body.get("txt").asText();
        if (!TxtChange.isValid(txt)) {
            return done(json(400, error("bad_txt")));
        }
        if (subdomain.isEmpty()) {
            return done(json(401, error("forbidden")));
        }
        HostUpdate update = new HostUpdate(key, List.of(subdomain), new Params.Field.Absent(), HostUpdate.Addressing.KEEP,
                new TxtChange(txt, false), HostUpdate.Scope.ALL_OR_NOTHING, HostUpdate.Naming.FQDN_OR_LABEL,
                request.client(), request.userAgent(), "acme-dns", request.secure(), new Params(), user.strip());
        return api.updateHosts(update).thenApply(result -> reply(result, txt));
    }

    private static WebReply reply(HostResults result, String txt) {
        return switch (result.status()) {
            case BAD_TOKEN, BAD_ADDRESS -> json(401, error("forbidden"));
            case FLOOD -> json(429, error("too_many_requests"))
                    .withHeader("Retry-After", Long.toString(result.retryAfterSeconds()));
            case SERVER_ERROR -> json(503, error("server_error"))
                    .withHeader("Retry-After", Long.toString(result.retryAfterSeconds()));
            case DONE -> result.hosts().stream().allMatch(h -> h == HostResults.Host.CHANGED || h == HostResults.Host.UNCHANGED)
                    ? json(200, JSON.createObjectNode().put("txt", txt).toString())
                    : json(401, error("forbidden"));
        };
    }

    @Override
    public WebReply fault(WebRequest request) {
        return json(500, error("server_error"));
    }

    private static String error(String code) {
        ObjectNode out = JSON.createObjectNode().put("error", code);
        return out.toString();
    }

    private static WebReply json(int status, String body) {
        return WebReply.of(status, body).withHeader("Content-Type", "application/json");
    }

    private static CompletableFuture<WebReply> done(WebReply reply) {
        return CompletableFuture.completedFuture(reply);
    }
}
