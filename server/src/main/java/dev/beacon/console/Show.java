package dev.beacon.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How values of the operator API read on a page. */
public final class Show {

    private Show() {
    }

    /** An ISO-8601 time as {@code 2026-12-01 08:30:05 UTC}, or a dash for none. */
    public static String time(String iso) {
        if (iso == null || iso.isEmpty() || iso.equals("null")) {
            return "–";
        }
        String t = iso.replace('T', ' ');
        int dot = t.indexOf('.');
        return (dot > 0 ? t.substring(0, dot) : t.replace("Z", "")) + " UTC";
    }

    /** A JSON value's text, or a dash when it is null or absent. */
    public static String text(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode() || value.asText().isEmpty() ? "–" : value.asText();
    }

    /** A share from 0 to 1 as a percentage. */
    public static String percent(double share) {
        return share >= 0.1 || share == 0 ? Math.round(share * 100) + "%" : String.format(java.util.Locale.ROOT, "%.1f%%", share * 100);
    }

    /** Seconds as the largest whole unit that fits: 45 s, 5 min, 2 h, 3 d. */
    public static String seconds(JsonNode value) {
        if (value == null || !value.isNumber()) {
            return "–";
        }
        long s = value.asLong();
        return s < 120 ? s + " s" : s < 7200 ? s / 60 + " min" : s < 172_800 ? s / 3600 + " h" : s / 86_400 + " d";
    }

    /** The entries of a JSON object, in order. */
    public static List<Map.Entry<String, JsonNode>> entries(JsonNode object) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        object.properties().forEach(out::add);
        return out;
    }

    /** A history entry's changed fields as {@code field: old → new}, one per item. */
    public static List<String> changes(JsonNode entry) {
        List<String> out = new ArrayList<>();
        entry.path("changes").properties().forEach(e -> out.add(e.getKey() + ": " + text(e.getValue().path("old"))
                + " → " + text(e.getValue().path("new"))));
        return out;
    }

    /** The sum of a JSON object's numbers. */
    public static long total(JsonNode object) {
        long n = 0;
        for (JsonNode v : object) {
            n += v.asLong();
        }
        return n;
    }
}
