package dev.beacon.config;

/** A configuration problem, worded as one line that names the key: {@code zones[0].ttl: ...}. */
public final class ConfigException extends Exception {

    public ConfigException(String key, String problem) {
        super(key.isEmpty() ? problem : key + ": " + problem);
    }
}
