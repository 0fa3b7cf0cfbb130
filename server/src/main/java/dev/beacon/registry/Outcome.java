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
    /** The device holds no name. */
    NO_RECORD,
    /** The device's names were released. */
    DELETED,
    /** The change could not be made durable; nothing of it was kept. */
    STORAGE_FAILED,
    /** The commit queue is full; nothing was attempted. */
    BUSY
}
