package dev.beacon.token;

/** What opening a token text gave: the token, or the reason it was refused. */
public sealed interface OpenedToken {

    /** The token decrypted and authenticated under the key its key id names. */
    record Valid(DeviceToken token) implements OpenedToken {
    }

    /** The token cannot be trusted; {@code reason} is for logs and metrics, never for the device. */
    record Refused(Reason reason) implements OpenedToken {
    }

    /** Why a token was refused. Every reason means reply code 02 to the device. */
    enum Reason {
        /** Missing, not base64, or too short or long for the layout. */
        MALFORMED,
        /** A version byte this codec does not know. */
        UNSUPPORTED_VERSION,
        /** No key with the token's key id. */
        UNKNOWN_KEY,
        /** Tag check failed: altered, or sealed with another key. */
        BAD_TAG,
        /** Decrypted, but the device id is empty, too long, not UTF-8 or holds control characters. */
        BAD_DEVICE_ID,
        /** Outside the freshness window. */
        EXPIRED,
        /** Seen before within the freshness window. */
        REPLAYED,
        /** A static token where the zone does not allow them. */
        STATIC_NOT_ALLOWED,
        /** A token version the zone does not accept ({@code policy.token-versions}). */
        VERSION_NOT_ALLOWED,
        /** A version 2 token on a path that carries no request it could sign (the dialects). */
        UNSIGNABLE_PATH,
        /** A version 2 token of a key generation an operator revoked. */
        REVOKED,
        /** A device secret no device holds (never issued, replaced or revoked). */
        UNKNOWN_SECRET,
        /** A device secret on a path that takes none (native add, remove, ipcheck). */
        SECRET_NOT_ALLOWED_HERE,
        /** A static credential over plain HTTP where the zone asks for TLS ({@code policy.static-https-only}). */
        NOT_TLS
    }
}
