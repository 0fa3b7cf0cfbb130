package dev.beacon.registry;

/** What the registry did with a command. Each dialect turns it into its own reply text. */
public enum Outcome {
    /** A name was created for the device (possibly replacing one it released). */
    CREATED,
    /** Stored data changed. */
    MODIFIED,
    /** Nothing stored differs; nothing was written. */
    NO_CHANGE,
    /** The name belongs to another device. */
    NAME_TAKEN,
    /** The device holds as many names as its zone allows, and the add asked not to release one. */
    AT_LIMIT,
    /**
     * The request's token was already spent by a change committed at another node (or before a
     * restart): refused like any replay (02), nothing changed.
     */
    REPLAYED,
    /** An update's prerequisite failed: the name it says is in use has no records (RFC 2136 NXDOMAIN). */
    NAME_NOT_IN_USE,
    /** An update's prerequisite failed: the name it says is not in use has records (YXDOMAIN). */
    NAME_IN_USE,
    /** An update's prerequisite failed: an RRset it names is missing or differs (NXRRSET). */
    RRSET_MISSING,
    /** An update's prerequisite failed: an RRset it says does not exist does (YXRRSET). */
    RRSET_EXISTS,
    /** An update asks for more than its names may hold (records past a type's limit, a TTL out of bounds). */
    NOT_ALLOWED,
    /** The device holds no name; for an update, a name it changes is held by no device. */
    NO_RECORD,
    /** The device's names were released. */
    DELETED,
    /** The change could not be made durable; nothing of it was kept. */
    STORAGE_FAILED,
    /** The commit queue is full; nothing was attempted. */
    BUSY
}
