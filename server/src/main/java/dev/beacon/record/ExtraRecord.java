package dev.beacon.record;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A record a device keeps beside its addresses and TXT values: at its name a CNAME (which then
 * stands alone there) or MX records; under it, at {@code _service._proto.} its name, SRV records,
 * and at {@code _port._proto.} its name, TLSA records. Immutable; holds its presentation text,
 * what {@link #parse} reads and {@link #line} writes, and its RDATA in wire form (names
 * uncompressed), which DNS answers and zone transfers copy as they are.
 */
public final class ExtraRecord {

    /** The record types a device may set, with their DNS type numbers. */
    public enum Kind {
        CNAME(5), MX(15), SRV(33), TLSA(52);

        private final int wireType;
        private final String parameter;

        Kind(int wireType) {
            this.wireType = wireType;
            this.parameter = name().toLowerCase(Locale.ROOT);
        }

        public int wireType() {
            return wireType;
        }

        /** The request parameter that sets it ({@code cname}, {@code mx}, {@code srv}, {@code tlsa}). */
        public String parameter() {
            return parameter;
        }

        /** Whether its records live under the name ({@code _sip._tcp.} it) rather than at it. */
        public boolean belowTheName() {
            return this == SRV || this == TLSA;
        }
    }

    /** Most records of one type one name keeps (a CNAME: one). */
    public static final int MAX_PER_KIND = 4;
    /** Most bytes of TLSA certificate data: a SHA-512 digest is 64; a whole certificate would not fit a UDP answer. */
    public static final int MAX_TLSA_DATA = 128;

    private static final Pattern SERVICE = Pattern.compile("_[a-z0-9]([a-z0-9-]{0,60}[a-z0-9])?");
    private static final Pattern PORT = Pattern.compile("_[0-9]{1,5}");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,5}");

    private final Kind kind;
    private final String owner;
    private final String text;
    private final String target;
    private final byte[] rdata;

    private ExtraRecord(Kind kind, String owner, String text, String target, byte[] rdata) {
        this.kind = kind;
        this.owner = owner;
        this.text = text;
        this.target = target;
        this.rdata = rdata;
    }

    /**
     * The record {@code text} writes in the form the protocol reads, or null when it is not one:
     * <ul>
     * <li>CNAME: {@code cam2.example.com};
     * <li>MX: {@code 10 mail.example.com} (preference 0-65535);
     * <li>SRV: {@code _sip._tcp 10 5 5060 sip.example.com} (the service and protocol labels, then
     *     priority, weight and port, each 0-65535, then the target);
     * <li>TLSA: {@code _443._tcp 3 1 1 HEX} (port and protocol labels, then usage 0-3, selector
     *     0-1, matching type 0-2, and the certificate data in hex: 32 bytes for matching type 1,
     *     64 for 2, at most 128 for 0).
     * </ul>
     * Host names have at least two labels of letters, digits and hyphens.
     */
    public static ExtraRecord parse(Kind kind, String text) {
        String[] parts = text.strip().toLowerCase(Locale.ROOT).split("[ \\t]+");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return switch (kind) {
            case CNAME -> {
                String host = parts.length == 1 ? HostTarget.parse(parts[0]) : null;
                if (host == null) {
                    yield null;
                }
                HostTarget.write(host, out);
                yield new ExtraRecord(kind, "", host, host, out.toByteArray());
            }
            case MX -> {
                String host = parts.length == 2 ? HostTarget.parse(parts[1]) : null;
                int preference = parts.length == 2 ? number(parts[0]) : -1;
                if (host == null || preference < 0) {
                    yield null;
                }
                writeShort(preference, out);
                HostTarget.write(host, out);
                yield new ExtraRecord(kind, "", preference + " " + host, host, out.toByteArray());
            }
            case SRV -> {
                String owner = parts.length == 5 ? owner(parts[0], SERVICE) : null;
                String host = parts.length == 5 ? HostTarget.parse(parts[4]) : null;
                int priority = parts.length == 5 ? number(parts[1]) : -1;
                int weight = parts.length == 5 ? number(parts[2]) : -1;
                int port = parts.length == 5 ? number(parts[3]) : -1;
                if (owner == null || host == null || priority < 0 || weight < 0 || port < 0) {
                    yield null;
                }
                writeShort(priority, out);
                writeShort(weight, out);
                writeShort(port, out);
                HostTarget.write(host, out);
                yield new ExtraRecord(kind, owner, priority + " " + weight + " " + port + " " + host, host,
                        out.toByteArray());
            }
            case TLSA -> {
                String owner = parts.length == 5 ? owner(parts[0], PORT) : null;
                int usage = parts.length == 5 ? number(parts[1]) : -1;
                int selector = parts.length == 5 ? number(parts[2]) : -1;
                int matching = parts.length == 5 ? number(parts[3]) : -1;
                byte[] data = parts.length == 5 ? hex(parts[4]) : null;
                if (owner == null || usage < 0 || usage > 3 || selector < 0 || selector > 1 || matching < 0
                        || matching > 2 || data == null || !fits(matching, data.length)) {
                    yield null;
                }
                out.write(usage);
                out.write(selector);
                out.write(matching);
                out.writeBytes(data);
                yield new ExtraRecord(kind, owner, usage + " " + selector + " " + matching + " "
                        + HexFormat.of().formatHex(data), null, out.toByteArray());
            }
        };
    }

    /** {@code _sip._tcp} as the owner labels of an SRV or TLSA record, or null. */
    private static String owner(String text, Pattern first) {
        String[] labels = text.split("\\.", -1);
        if (labels.length != 2 || !first.matcher(labels[0]).matches() || !SERVICE.matcher(labels[1]).matches()) {
            return null;
        }
        if (first == PORT && Integer.parseInt(labels[0].substring(1)) > 65_535) {
            return null;
        }
        return text;
    }

    /** A number 0-65535 written without sign, or -1. */
    private static int number(String text) {
        if (!NUMBER.matcher(text).matches()) {
            return -1;
        }
        int n = Integer.parseInt(text);
        return n > 65_535 ? -1 : n;
    }

    private static byte[] hex(String text) {
        if (text.isEmpty() || text.length() % 2 != 0 || text.length() > 2 * MAX_TLSA_DATA) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The data length a TLSA matching type calls for: SHA-256 (1), SHA-512 (2), or the data itself (0). */
    private static boolean fits(int matching, int length) {
        return switch (matching) {
            case 1 -> length == 32;
            case 2 -> length == 64;
            default -> length >= 1 && length <= MAX_TLSA_DATA;
        };
    }

    private static void writeShort(int value, ByteArrayOutputStream out) {
        out.write(value >>> 8);
        out.write(value & 0xFF);
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

    /** The labels it lives at under the name ({@code _sip._tcp}), or empty for the name itself. */
    public String owner() {
        return owner;
    }

    /** Its data as a zone file writes it: {@code 10 mail.example.com.}. */
    public String text() {
        return text;
    }

    /** The host name it points at, with its trailing dot; null for TLSA. */
    public String target() {
        return target;
    }

    /** Its type, owner labels if any, and data on one line, as storage and the journal keep it: {@code MX 10 mail.example.com.}. */
    public String line() {
        return kind.name() + " " + (owner.isEmpty() ? "" : owner + " ") + text;
    }

    /** Its RDATA in wire form; a copy. */
    public byte[] rdata() {
        return rdata.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExtraRecord r && r.kind == kind && r.owner.equals(owner) && r.text.equals(text);
    }

    @Override
    public int hashCode() {
        return (kind.hashCode() * 31 + owner.hashCode()) * 31 + text.hashCode();
    }

    @Override
    public String toString() {
        return line();
    }
}
