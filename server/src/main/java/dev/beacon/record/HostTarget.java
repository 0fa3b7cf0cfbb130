package dev.beacon.record;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A host name another record points at (a CNAME's target, an MX's exchange): letters, digits and
 * hyphens in labels of 1-63, at least two labels, 253 characters at most; kept lowercase with its
 * trailing dot, as it is written in a zone file.
 */
public final class HostTarget {

    private HostTarget() {
    }

    /** The name in its kept form ({@code mail.example.com.}), or null when it is no host name. */
    public static String parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.endsWith(".")) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.isEmpty() || t.length() > 253) {
            return null;
        }
        String[] labels = t.split("\\.", -1);
        if (labels.length < 2) {
            return null;
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")
                    || !label.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return null;
            }
        }
        return t + ".";
    }

    /** The name in wire form, uncompressed. */
    static void write(String name, ByteArrayOutputStream out) {
        for (String label : name.substring(0, name.length() - 1).split("\\.")) {
            out.write(label.length());
            out.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
        }
        out.write(0);
    }
}
