package dev.beacon.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * What console.js draws, as JSON for a chart element's {@code data-chart} attribute: a line chart
 * over time ({@code x} in epoch seconds) or bars over named categories ({@code labels}), each with
 * named series of values.
 */
final class Charts {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Charts() {
    }

    /** Requests, changes and no-change updates per minute, from the overview's {@code activity}. */
    static String activity(JsonNode rates) {
        ObjectNode chart = MAPPER.createObjectNode().put("type", "line");
        ArrayNode x = chart.putArray("x");
        ArrayNode series = chart.putArray("series");
        ArrayNode requests = series(series, "requests per minute");
        ArrayNode changes = series(series, "changes");
        ArrayNode unchanged = series(series, "no change (08)");
        for (JsonNode r : rates) {
            x.add(Instant.parse(r.path("time").asText()).getEpochSecond());
            requests.add(r.path("requests_per_minute").asDouble());
            changes.add(r.path("changes_per_minute").asDouble());
            unchanged.add(r.path("unchanged_per_minute").asDouble());
        }
        return text(chart);
    }

    /** Devices and requests per firmware, from the fleet report's {@code firmware}, the first {@code max} rows. */
    static String firmware(JsonNode rows, int max) {
        ObjectNode chart = MAPPER.createObjectNode().put("type", "bars");
        ArrayNode labels = chart.putArray("labels");
        ArrayNode series = chart.putArray("series");
        ArrayNode devices = series(series, "devices");
        ArrayNode requests = series(series, "requests");
        int n = 0;
        for (JsonNode row : rows) {
            if (n++ == max) {
                break;
            }
            labels.add(row.path("user_agent").asText());
            devices.add(row.path("devices").asLong());
            requests.add(row.path("requests").asLong());
        }
        return text(chart);
    }

    /** The update-interval distribution summed over the fleet report's firmware rows, {@code bins} of them. */
    static List<Long> intervalSums(JsonNode report, int bins) {
        long[] sums = new long[bins];
        for (JsonNode row : report.path("firmware")) {
            JsonNode counts = row.path("update_intervals");
            for (int i = 0; i < sums.length && i < counts.size(); i++) {
                sums[i] += counts.get(i).asLong();
            }
        }
        return java.util.Arrays.stream(sums).boxed().toList();
    }

    /** Bars of counts by named bin. */
    static String bars(String series, List<String> binNames, List<Long> counts) {
        ObjectNode chart = MAPPER.createObjectNode().put("type", "bars");
        ArrayNode labels = chart.putArray("labels");
        binNames.forEach(labels::add);
        ArrayNode values = series(chart.putArray("series"), series);
        counts.forEach(values::add);
        return text(chart);
    }

    /** Replies by code, from an object of code to count. */
    static String codes(JsonNode codes) {
        ObjectNode chart = MAPPER.createObjectNode().put("type", "bars");
        ArrayNode labels = chart.putArray("labels");
        ArrayNode values = series(chart.putArray("series"), "replies");
        codes.properties().forEach(e -> {
            labels.add(e.getKey());
            values.add(e.getValue().asLong());
        });
        return text(chart);
    }

    private static ArrayNode series(ArrayNode series, String label) {
        ObjectNode s = series.addObject().put("label", label);
        return s.putArray("values");
    }

    private static String text(JsonNode chart) {
        try {
            return MAPPER.writeValueAsString(chart);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serialises", e);
        }
    }
}
