package dev.beacon.update;

/** The RCODEs an update's answer carries (RFC 1035 §4.1.1, RFC 2136 §2.2). */
final class Rcodes {

    static final int NOERROR = 0;
    static final int FORMERR = 1;
    static final int SERVFAIL = 2;
    static final int NXDOMAIN = 3;
    static final int NOTIMP = 4;
    static final int REFUSED = 5;
    static final int YXDOMAIN = 6;
    static final int YXRRSET = 7;
    static final int NXRRSET = 8;
    static final int NOTAUTH = 9;
    static final int NOTZONE = 10;

    private Rcodes() {
    }

    /** The mnemonic, as dig and nsupdate print it. */
    static String name(int rcode) {
        return switch (rcode) {
            case NOERROR -> "NOERROR";
            case FORMERR -> "FORMERR";
            case SERVFAIL -> "SERVFAIL";
            case NXDOMAIN -> "NXDOMAIN";
            case NOTIMP -> "NOTIMP";
            case REFUSED -> "REFUSED";
            case YXDOMAIN -> "YXDOMAIN";
            case YXRRSET -> "YXRRSET";
            case NXRRSET -> "NXRRSET";
            case NOTAUTH -> "NOTAUTH";
            case NOTZONE -> "NOTZONE";
            default -> "RCODE" + rcode;
        };
    }
}
