package dev.beacon.store;

import dev.beacon.ip.IpLiteral;
import dev.beacon.record.Addresses;
import dev.beacon.record.ExtraRecord;
import dev.beacon.record.InterfaceId;
import dev.beacon.record.NameExtras;
import dev.beacon.record.NameRecord;
import dev.beacon.token.DeviceId;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Text forms used in storage: a record's data in the journal, and custom fields in a column.
 * Both are {@code application/x-www-form-urlencoded}, which is readable in a SQL console and
 * needs no JSON library. Custom fields are prefixed {@code f.} in a record so a field named like
 * a column cannot collide with it.
 */
final class RecordText {

    private RecordText() {
    }

    static String fields(Map<String, String> fields) {
        return encode(fields);
    }

    static Map<String, String> fields(String text) {
        return new TreeMap<>(decode(text));
    }

    /** TXT values as {@code v=one&v=two}: form-encoding keeps any printable value intact. */
    static String txt(List<String> values) {
        StringBuilder out = new StringBuilder();
        for (String v : values) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append("v=").append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    static List<String> txt(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            out.add(URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    static String record(NameRecord r) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("device", r.device().value());
        if (r.addresses().hasV4()) {
            m.put("a", r.addresses().v4Text());
        }
        if (r.addresses().hasV6()) {
            m.put("aaaa", r.addresses().v6Text());
        }
        if (r.interfaceId() != null) {
            m.put("iid", r.interfaceId().text());
        }
        if (r.ttl() != 0) {
            m.put("ttl", Integer.toString(r.ttl()));
        }
        for (int i = 0; i < r.records().size(); i++) {
            m.put("rr." + i, r.records().get(i).line());
        }
        if (r.extras() != null && !r.extras().txtSetAt().isEmpty()) {
            m.put("txtat", times(r.extras().txtSetAt()));
        }
        r.fields().forEach((k, v) -> m.put("f." + k, v));
        for (int i = 0; i < r.txt().size(); i++) {
            m.put("txt." + i, r.txt().get(i));
        }
        m.put("ua", r.userAgent());
        m.put("src", r.source());
        m.put("created", Long.toString(r.createdMillis()));
        m.put("updated", Long.toString(r.updatedMillis()));
        return encode(m);
    }

    static NameRecord record(String zone, String label, long seq, String text) {
        Map<String, String> m = decode(text);
        Map<String, String> fields = new TreeMap<>();
        List<String> txt = new ArrayList<>();
        List<String> rrs = new ArrayList<>();
        m.forEach((k, v) -> {
            if (k.startsWith("f.")) {
                fields.put(k.substring(2), v);
            } else if (k.startsWith("txt.")) {
                txt.add(v);
            } else if (k.startsWith("rr.")) {
                rrs.add(v);
            }
        });
        return new NameRecord(zone, label, DeviceId.parse(m.get("device")), addresses(m.get("a"), m.get("aaaa")),
                NameExtras.of(interfaceId(m.get("iid")), Integer.parseInt(m.getOrDefault("ttl", "0")), lines(rrs),
                        times(m.getOrDefault("txtat", ""))),
                fields, txt, m.getOrDefault("ua", ""), m.getOrDefault("src", ""), Long.parseLong(m.get("created")),
                Long.parseLong(m.get("updated")), seq);
    }

    /** When each TXT value was set, as a column and the journal hold it: epoch millis, comma-separated. */
    static String times(List<Long> times) {
        StringBuilder out = new StringBuilder();
        for (Long t : times) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(t.longValue());
        }
        return out.toString();
    }

    static List<Long> times(String column) {
        List<Long> out = new ArrayList<>();
        if (column == null || column.isEmpty()) {
            return out;
        }
        for (String t : column.split(",")) {
            out.add(Long.parseLong(t));
        }
        return out;
    }

    /** CNAME and MX records as a column holds them: each one's line, form-encoded like TXT values. */
    static String records(List<ExtraRecord> records) {
        List<String> lines = new ArrayList<>(records.size());
        records.forEach(r -> lines.add(r.line()));
        return txt(lines);
    }

    static List<ExtraRecord> records(String column) {
        return lines(txt(column));
    }

    private static List<ExtraRecord> lines(List<String> lines) {
        List<ExtraRecord> out = new ArrayList<>(lines.size());
        for (String line : lines) {
            ExtraRecord r = ExtraRecord.parseLine(line);
            if (r == null) {
                throw new IllegalArgumentException("not a record: " + line);
            }
            out.add(r);
        }
        return out;
    }

    /** The interface id a column or journal entry holds, or null for none. */
    static InterfaceId interfaceId(String text) {
        if (text == null) {
            return null;
        }
        InterfaceId id = InterfaceId.parse(text);
        if (id == null) {
            throw new IllegalArgumentException("not an interface id: " + text);
        }
        return id;
    }

    static Addresses addresses(String v4, String v6) {
        InetAddress a = v4 == null ? null : IpLiteral.parse(v4);
        InetAddress aaaa = v6 == null ? null : IpLiteral.parse(v6);
        return new Addresses(a instanceof Inet4Address x ? x : null, aaaa instanceof Inet6Address y ? y : null);
    }

    private static String encode(Map<String, String> m) {
        StringBuilder out = new StringBuilder();
        m.forEach((k, v) -> {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return out.toString();
    }

    private static Map<String, String> decode(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return m;
        }
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            m.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return m;
    }
}
