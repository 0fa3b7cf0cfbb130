package dev.beacon.bulk;

import dev.beacon.record.NameRecord;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The device CSV that {@code beacon export} writes and {@code beacon import} reads, so that a zone
 * goes out and comes back exactly. Columns: {@code device_id,name,ipv4,ipv6,fields,txt,ipv6_iid,ttl,records};
 * files with the first six or the first four only (earlier formats) are read too. {@code fields}
 * holds the custom fields as {@code name=value&name=value} and {@code txt} the TXT values as
 * {@code value&value}, oldest first, each percent-encoded (so neither holds a comma or a quote);
 * {@code ipv6_iid} the name's interface id with its prefix length ({@code ::5/64}) when its IPv6
 * address follows its device's prefix; {@code ttl} its own TTL, empty for the zone's; {@code records}
 * its CNAME or MX records as {@code MX 10 mail.example.com.&...}, each percent-encoded. Stateless.
 */
public final class DeviceCsv {

    static final String HEADER = "device_id,name,ipv4,ipv6,fields,txt,ipv6_iid,ttl,records";
    static final String HEADER_WITHOUT_EXTRAS = "device_id,name,ipv4,ipv6,fields,txt";
    static final String HEADER_ADDRESSES_ONLY = "device_id,name,ipv4,ipv6";

    private DeviceCsv() {
    }

    /** The header line {@link #line} rows follow. */
    public static String header() {
        return HEADER;
    }

    /** One record as a CSV line (no line end). */
    public static String line(NameRecord r) {
        return String.join(",", quoted(r.device().value()), r.label(), orEmpty(r.addresses().v4Text()),
                orEmpty(r.addresses().v6Text()), fields(r.fields()), txt(r.txt()),
                r.interfaceId() == null ? "" : r.interfaceId().text(), r.ttl() == 0 ? "" : Integer.toString(r.ttl()),
                txt(r.records().stream().map(dev.beacon.record.ExtraRecord::line).toList()));
    }

    static String fields(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(fields).entrySet()) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(encode(e.getKey())).append('=').append(encode(e.getValue()));
        }
        return out.toString();
    }

    static String txt(List<String> values) {
        List<String> encoded = new ArrayList<>();
        for (String v : values) {
            encoded.add(encode(v));
        }
        return String.join("&", encoded);
    }

    /** The fields column read back; null when a pair has no '=' or an escape is broken. */
    static Map<String, String> parseFields(String column) {
        Map<String, String> out = new TreeMap<>();
        if (column.isEmpty()) {
            return out;
        }
        for (String pair : column.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = eq <= 0 ? null : decode(pair.substring(0, eq));
            String value = eq <= 0 ? null : decode(pair.substring(eq + 1));
            if (name == null || value == null || out.put(name, value) != null) {
                return null;
            }
        }
        return out;
    }

    /** The txt column read back; null when an escape is broken or a value is empty. */
    static List<String> parseTxt(String column) {
        List<String> out = new ArrayList<>();
        if (column.isEmpty()) {
            return out;
        }
        for (String part : column.split("&", -1)) {
            String value = decode(part);
            if (value == null || value.isEmpty()) {
                return null;
            }
            out.add(value);
        }
        return out;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** RFC 4180 quoting where the text needs it (a device id may hold a comma or a quote). */
    private static String quoted(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.equals(s.strip())) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
