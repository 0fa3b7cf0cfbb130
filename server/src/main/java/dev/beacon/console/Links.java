package dev.beacon.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** The console's addresses, built where templates need them: every value percent-encoded. */
public final class Links {

    static final String ROOT = "/console/";

    private Links() {
    }

    /** A device's page. */
    public static String device(String deviceId, String zone) {
        return ROOT + "devices/" + segment(deviceId) + query(Map.of("zone", nullToEmpty(zone)));
    }

    /** A device's block or unblock action. */
    public static String deviceAction(String deviceId, String action) {
        return ROOT + "devices/" + segment(deviceId) + "/" + action;
    }

    /** The page that asks to confirm a name's release. */
    public static String release(String fqdn) {
        return ROOT + "names/" + segment(fqdn) + "/release";
    }

    /** A page of the device list. */
    public static String devices(String q, String zone, String sort, String cursor) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("q", nullToEmpty(q));
        params.put("zone", nullToEmpty(zone));
        params.put("sort", nullToEmpty(sort));
        params.put("cursor", nullToEmpty(cursor));
        return ROOT + "devices" + query(params);
    }

    /** The fleet report of a zone. */
    public static String report(String zone) {
        return ROOT + "report" + query(Map.of("zone", nullToEmpty(zone)));
    }

    /** One path segment, percent-encoded (a space is {@code %20}: {@code +} is a plus in a path). */
    public static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String query(Map<String, String> params) {
        StringJoiner out = new StringJoiner("&", "?", "").setEmptyValue("");
        params.forEach((k, v) -> {
            if (!v.isEmpty()) {
                out.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return out.toString();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
