package dev.beacon.tsig;

/** TSIG error codes (RFC 8945 §5.2, extended RCODEs carried in the TSIG record). */
public final class TsigError {

    private TsigError() {
    }

    public static final int NOERROR = 0;
    /** The MAC does not verify. */
    public static final int BADSIG = 16;
    /** The key name or its algorithm is unknown here. */
    public static final int BADKEY = 17;
    /** Signed outside the fudge window of our clock. */
    public static final int BADTIME = 18;
    /** The MAC is shorter than this server accepts. */
    public static final int BADTRUNC = 22;
    /** The header RCODE of a reply carrying a TSIG error. */
    public static final int NOTAUTH = 9;

    public static String name(int error) {
        return switch (error) {
            case NOERROR -> "NOERROR";
            case BADSIG -> "BADSIG";
            case BADKEY -> "BADKEY";
            case BADTIME -> "BADTIME";
            case BADTRUNC -> "BADTRUNC";
            default -> "TSIG error " + error;
        };
    }
}
