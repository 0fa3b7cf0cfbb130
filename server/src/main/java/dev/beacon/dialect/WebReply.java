package dev.beacon.dialect;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a dialect answers: status, exact body, extra headers, and whether the connection closes
 * afterwards. The transport adds the common headers (type, length, date, no-store).
 */
public record WebReply(int status, String body, Map<String, String> headers, boolean close) {

    public WebReply {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public static WebReply ok(String body) {
        return new WebReply(200, body, Map.of(), false);
    }

    public static WebReply of(int status, String body) {
        return new WebReply(status, body, Map.of(), false);
    }

    public static WebReply notFound() {
        return new WebReply(404, "not found", Map.of(), false);
    }

    public static WebReply methodNotAllowed() {
        return new WebReply(405, "use GET or POST", Map.of("Allow", "GET, POST"), false);
    }

    public WebReply withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new WebReply(status, body, h, close);
    }

    public WebReply closing() {
        return new WebReply(status, body, headers, true);
    }
}
