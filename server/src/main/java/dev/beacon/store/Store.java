package dev.beacon.store;

import dev.beacon.record.Change;
import java.util.List;

/**
 * Durable state: zones, records, and the change journal. Implementations: SQLite (embedded,
 * the default) and PostgreSQL, behind one schema. One node per database ({@code NodeLease}).
 *
 * <p>Only the registry's single writer calls {@link #commit} and {@link #touch}; readers may call
 * the rest from any thread. Every method either completes or throws {@link StoreException}
 * leaving the stored state as it was.
 */
public interface Store extends AutoCloseable {

    /** Brings the schema to this version of Beacon and registers the zones. */
    void open(List<String> zones) throws StoreException;

    /** Every stored record, oldest first, and each zone's last journal sequence number. */
    StoredState load() throws StoreException;

    /**
     * Writes the records the changes leave and appends the changes to the journal, in one
     * transaction made durable before this returns.
     *
     * @return the changes as committed, each with its journal sequence number
     */
    List<Change> commit(List<Change> changes) throws StoreException;

    /** Advances devices' last-seen times; never moves one backwards. */
    void touch(List<Sighting> sightings) throws StoreException;

    /**
     * Deletes journal entries older than {@code beforeMillis}, in small transactions. Zones keep
     * their last sequence number, so serials never go back.
     *
     * @return how many entries were deleted
     */
    long pruneJournal(long beforeMillis) throws StoreException;

    /** Journal entries after {@code afterSeq}, in order, at most {@code limit}. */
    List<Change> journal(long afterSeq, int limit) throws StoreException;

    /** A short description for logs and the banner (never a password). */
    String describe();

    @Override
    void close();
}
