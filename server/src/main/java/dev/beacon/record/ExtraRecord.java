package dev.beacon.record;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * A record a device keeps at its name beside its addresses and TXT values: a CNAME (which then
 * stands alone) or an MX. Immutable; holds its presentation text, what {@link #parse} reads and
 * {@link #line} writes, and its RDATA in wire form (names uncompressed), which DNS answers and
 * zone transfers copy as they are.
 */
public final class ExtraRecord {

    /** The record types a device may set, with their DNS type numbers. */
    public enum Kind {
        CNAME(5), MX(15);

        private final int wireType;

        Kind(int wireType) {
            this.wireType = wireType;
        }

        public int wireType() {
            return wireType;
        }

        /** The request parameter that sets it ({@code cname}, {@code mx}). */
        public String parameter() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Most MX records one name keeps. */
    public static final int MAX_MX = 4;

    private final Kind kind;
    private final String text;
    private final String target;
    private final byte[] rdata;

    private ExtraRecord(Kind kind, String text, String target, byte[] rdata) {
        this.kind = kind;
        this.text = text;
        this.target = target;
        this.rdata = rdata;
    }

    /**
     * The record {@code text} writes in the form the protocol reads ({@code cam2.example.com} for
     * a CNAME; {@code 10 mail.example.com} for an MX, preference 0-65535), or null when it is not
     * one: no host name, a preference out of range, anything more.
     */
    public static ExtraRecord parse(Kind kind, String text) {
        String t = text.strip();
        return switch (kind) {
            case CNAME -> {
                String host = HostTarget.parse(t);
                if (host == null) {
                    yield null;
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                HostTarget.write(host, out);
                yield new ExtraRecord(kind, host, host, out.toByteArray());
            }
            case MX -> {
                String[] parts = t.split("[ \\t]+");
                if (parts.length != 2 || !parts[0].matches("[0-9]{1,5}") || Integer.parseInt(parts[0]) > 65_535) {
                    yield null;
                }
                String host = HostTarget.parse(parts[1]);
                if (host == null) {
                    yield null;
                }
                int preference = Integer.parseInt(parts[0]);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(preference >>> 8);
                out.write(preference & 0xFF);
                HostTarget.write(host, out);
                yield new ExtraRecord(kind, preference + " " + host, host, out.toByteArray());
            }
        };
    }

    /** A record as {@link #line} wrote it ({@code MX 10 mail.example.com.}), or null. */
    public static ExtraRecord parseLine(String line) {
        int space = line.indexOf(' ');
        if (space < 0) {
            return null;
        }
        Kind kind;
        try {
            kind = Kind.valueOf(line.substring(0, space));
        } catch (IllegalArgumentException e) {
            return null;
        }
        return parse(kind, line.substring(space + 1));
    }

    public Kind kind() {
        return kind;
    }

    /** Its data as a zone file writes it: {@code 10 mail.example.com.}. */
    public String text() {
        return text;
    }

    /** The host name it points at, with its trailing dot. */
    public String target() {
        return target;
    }

    /** Its type and data on one line, as storage and the journal keep it: {@code MX 10 mail.example.com.}. */
    public String line() {
        return kind.name() + " " + text;
    }

    /** Its RDATA in wire form; a copy. */
    public byte[] rdata() {
        return rdata.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExtraRecord r && r.kind == kind && r.text.equals(text);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + text.hashCode();
    }

    @Override
    public String toString() {
        return line();
    }
}
