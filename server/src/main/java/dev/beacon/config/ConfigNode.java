package dev.beacon.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mapping from the YAML file with the path that leads to it, so every typed read can fail
 * with a message naming the exact key. Reads remember which keys were used; {@link #rejectUnknown}
 * then refuses typos ({@code tll:} instead of {@code ttl:}) instead of ignoring them.
 */
final class ConfigNode {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    private final String path;
    private final Map<String, Object> values;
    private final Set<String> used = new java.util.HashSet<>();

    ConfigNode(String path, Map<String, Object> values) {
        this.path = path;
        this.values = values;
    }

    /** The document's top level; its keys are checked like every mapping's (a YAML key may be null or a number). */
    static ConfigNode root(Map<?, ?> values) throws ConfigException {
        return new ConfigNode("", stringKeys(values, "the top level"));
    }

    String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** The value as parsed from YAML, or null; marks the key used. */
    Object raw(String name) {
        used.add(name);
        return values.get(name);
    }

    /** A node for a mapping found inside a list, at {@code path}. */
    static ConfigNode at(String path, Map<?, ?> m) throws ConfigException {
        return new ConfigNode(path, stringKeys(m, path));
    }

    boolean has(String name) {
        used.add(name);
        return values.get(name) != null;
    }

    ConfigNode child(String name) throws ConfigException {
        used.add(name);
        Object v = values.get(name);
        if (v == null) {
            return new ConfigNode(key(name), new LinkedHashMap<>());
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new ConfigException(key(name), "must be a mapping of keys to values");
        }
        return new ConfigNode(key(name), stringKeys(m, key(name)));
    }

    List<ConfigNode> children(String name) throws ConfigException {
        used.add(name);
        Object v = values.get(name);
        List<ConfigNode> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof List<?> list)) {
            throw new ConfigException(key(name), "must be a list");
        }
        for (int i = 0; i < list.size(); i++) {
            String k = key(name) + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw new ConfigException(k, "must be a mapping of keys to values");
            }
            out.add(new ConfigNode(k, stringKeys(m, k)));
        }
        return out;
    }

    String string(String name, String fallback) throws ConfigException {
        used.add(name);
        Object v = values.get(name);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Map || v instanceof List) {
            throw new ConfigException(key(name), "must be a single value");
        }
        return v.toString();
    }

    List<String> strings(String name, List<String> fallback) throws ConfigException {
        used.add(name);
        Object v = values.get(name);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof List<?> list)) {
            throw new ConfigException(key(name), "must be a list");
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (o == null || o instanceof Map || o instanceof List) {
                throw new ConfigException(key(name), "must be a list of plain values");
            }
            out.add(o.toString());
        }
        return out;
    }

    boolean bool(String name, boolean fallback) throws ConfigException {
        used.add(name);
        Object v = values.get(name);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new ConfigException(key(name), "must be true or false, not '" + v + "'");
    }

    long integer(String name, long fallback, long min, long max) throws ConfigException {
        used.add(name);
        Object v = values.get(name);
        if (v == null) {
            return fallback;
        }
        long n;
        if (v instanceof Integer || v instanceof Long) {
            n = ((Number) v).longValue();
        } else {
            throw new ConfigException(key(name), "must be a whole number, not '" + v + "'");
        }
        if (n < min || n > max) {
            throw new ConfigException(key(name), "must be between " + min + " and " + max + ", not " + n);
        }
        return n;
    }

    double number(String name, double fallback, double min) throws ConfigException {
        used.add(name);
        Object v = values.get(name);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n)) {
            throw new ConfigException(key(name), "must be a number, not '" + v + "'");
        }
        if (n.doubleValue() < min) {
            throw new ConfigException(key(name), "must be at least " + min);
        }
        return n.doubleValue();
    }

    /** {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 1d}, or a number of seconds. */
    Duration duration(String name, Duration fallback) throws ConfigException {
        String text = string(name, null);
        if (text == null) {
            return fallback;
        }
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw new ConfigException(key(name), "must be a duration such as 500ms, 10s, 5m or 1h, not '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
    }

    /** Fails on the first key that no read asked for. */
    void rejectUnknown() throws ConfigException {
        for (String k : values.keySet()) {
            if (!used.contains(k)) {
                throw new ConfigException(key(k), "unknown key (see docs/CONFIG.md)");
            }
        }
    }

    private static Map<String, Object> stringKeys(Map<?, ?> m, String where) throws ConfigException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String k)) {
                throw new ConfigException(where, "key '" + e.getKey() + "' must be text");
            }
            out.put(k, e.getValue());
        }
        return out;
    }
}
