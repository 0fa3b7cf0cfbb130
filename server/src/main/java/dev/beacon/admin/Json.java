package dev.beacon.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.beacon.dialect.WebReply;
import java.time.Instant;

/** JSON replies of the operator API. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String TYPE = "application/json";

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static WebReply reply(int status, JsonNode body) {
        try {
            return WebReply.of(status, MAPPER.writeValueAsString(body) + "\n").withHeader("Content-Type", TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serialises", e);
        }
    }

    static WebReply ok(JsonNode body) {
        return reply(200, body);
    }

    /** {@code {"error": message}} with the status. */
    static WebReply error(int status, String message) {
        return reply(status, object().put("error", message));
    }

    /** Milliseconds since the epoch as ISO-8601 UTC, or null for none (0). */
    static String time(long millis) {
        return millis <= 0 ? null : Instant.ofEpochMilli(millis).toString();
    }
}
