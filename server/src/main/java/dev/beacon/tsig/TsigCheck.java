package dev.beacon.tsig;

/**
 * What verifying a signed request found. Immutable.
 *
 * @param error {@link TsigError#NOERROR} when the request verified; a TSIG error otherwise, or
 *     {@link #FORMERR} when the record itself is malformed
 * @param key the key the request named, when it is one Beacon has (null for BADKEY)
 * @param record the request's TSIG record; a signed answer chains from its MAC
 */
public record TsigCheck(int error, TsigKey key, TsigRecord record) {

    /** Not a TSIG error: the MAC size is impossible, so the message is malformed (RFC 8945 §5.2.2.1). */
    public static final int FORMERR = -1;

    public boolean verified() {
        return error == TsigError.NOERROR;
    }

    /** Whether the answer to this request can carry a MAC (RFC 8945 §5.3.2: not for BADKEY or BADSIG). */
    public boolean answerSigned() {
        return key != null && error != TsigError.BADKEY && error != TsigError.BADSIG && error != FORMERR;
    }
}
