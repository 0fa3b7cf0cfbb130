package dev.beacon.dns;

/**
 * DNS numbers used on the wire (RFC 1035, 2136, 6891, 7873, 8482). The response codes and the
 * meta-type rule are public: the update service answers with them.
 */
public final class Wire {

    private Wire() {
    }

    static final int HEADER = 12;
    static final int MAX_NAME = 255;

    // Opcodes.
    static final int QUERY = 0;
    static final int NOTIFY = 4;
    static final int UPDATE = 5;

    // Response codes (RFC 1035 §4.1.1; 6-10: RFC 2136 §2.2).
    public static final int NOERROR = 0;
    public static final int FORMERR = 1;
    public static final int SERVFAIL = 2;
    public static final int NXDOMAIN = 3;
    public static final int NOTIMP = 4;
    public static final int REFUSED = 5;
    public static final int YXDOMAIN = 6;
    public static final int YXRRSET = 7;
    public static final int NXRRSET = 8;
    public static final int NOTAUTH = 9;
    public static final int NOTZONE = 10;
    private static final String[] RCODE_NAMES = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED",
        "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE", "RCODE11", "RCODE12", "RCODE13", "RCODE14", "RCODE15"};
    /** Extended (EDNS) rcode 16: upper 8 bits 1 in the OPT TTL, lower 4 bits 0 in the header. */
    static final int BADVERS = 16;

    // Classes.
    static final int IN = 1;
    static final int CLASS_NONE = 254;
    static final int CLASS_ANY = 255;

    // Types.
    static final int A = 1;
    static final int NS = 2;
    static final int CNAME = 5;
    static final int SOA = 6;
    static final int MX = 15;
    static final int TXT = 16;
    static final int AAAA = 28;
    static final int OPT = 41;
    static final int TKEY = 249;
    static final int TSIG = 250;
    static final int IXFR = 251;
    static final int AXFR = 252;
    static final int MAILB = 253;
    static final int MAILA = 254;
    static final int ANY = 255;

    // EDNS options.
    static final int COOKIE = 10;

    /** RFC 6891 §6.2.5: a requestor's payload under 512 is read as 512. */
    static final int MIN_UDP = 512;

    /** A header RCODE's mnemonic, as dig and nsupdate print it ({@code RCODE11} for one unnamed). */
    public static String rcodeName(int rcode) {
        return RCODE_NAMES[rcode & 0xF];
    }

    /** Types that only make sense in a question (RFC 6895 §3.1: 128-255 are meta/Q-types). */
    public static boolean isMetaType(int type) {
        return type >= 128 && type <= 255 || type == OPT;
    }
}
