package dev.beacon.device;

import java.util.Locale;

/** The native endpoints, at the paths firmware in the field hard-codes (protocol §1). */
public enum Endpoint {
    ADD("/add.aspx"),
    UPDATE("/update.aspx"),
    REMOVE("/remove.aspx"),
    IPCHECK("/ipcheck.aspx"),
    IPDETECT("/ipdetect.aspx"),
    CIPHER("/cipher.aspx");

    private final String path;
    private final String metricName;

    Endpoint(String path) {
        this.path = path;
        this.metricName = name().toLowerCase(Locale.ROOT);
    }

    /** The endpoint's name in metrics: {@code add}, {@code update}... */
    public String metricName() {
        return metricName;
    }

    public String path() {
        return path;
    }

    /** The endpoint at this path (matched case-insensitively), or null. */
    public static Endpoint ofPath(String path) {
        if (path.length() > 14) {
            return null;
        }
        String lower = path.toLowerCase(Locale.ROOT);
        for (Endpoint e : values()) {
            if (e.path.equals(lower)) {
                return e;
            }
        }
        return null;
    }
}
