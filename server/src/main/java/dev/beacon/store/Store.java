package dev.beacon.store;

import dev.beacon.record.Change;
import java.util.List;

/**
 * Durable state: zones, records, the change journal, and the nonces changes spent.
 * Implementations: SQLite (embedded, the default, one node) and PostgreSQL (one or several
 * nodes), behind one schema.
 *
 * <p>Only the registry's single writer calls {@link #commit} and {@link #touch}; readers may call
 * the rest from any thread. Every method either completes or throws {@link StoreException}
 * leaving the stored state as it was.
 */
public interface Store extends AutoCloseable {

    /** Brings the schema to this version of Beacon and registers the zones. */
    void open(List<String> zones) throws StoreException;

    /** Every stored record (in storage order), and each zone's last journal sequence number. */
    StoredState load() throws StoreException;

    /**
     * What {@link #load} gives but the records, for a node that restores them from a checkpoint
     * of the state at journal position {@code position}: the stamp of the entry there, and the
     * entries after it through the head, all from one snapshot of the database. When more than
     * {@code limit} entries follow {@code position}, or none do, {@link StoredTail#entries} is
     * empty.
     *
     * @throws JournalGap when entries after {@code position} were pruned
     */
    StoredTail loadAfter(long position, int limit) throws StoreException;

    /**
     * A stamp of the journal entry {@code seq} (a digest of all it holds, and of the schema
     * version), or null when there is none: a checkpoint keeps it to know the database later.
     */
    String journalStamp(long seq) throws StoreException;

    /**
     * One write transaction with the journal head locked: reads the entries other writers
     * committed after {@code position} (none when {@code position} is negative), lets
     * {@code batch} decide what to write knowing them and the nonces already spent, writes the
     * records its changes leave, appends them to the journal under {@code origin} with the next
     * sequence numbers, and records the nonces they spend; durable before this returns, all or
     * nothing. Other nodes are told (PostgreSQL NOTIFY) in the same transaction.
     *
     * @throws JournalGap when the entries after {@code position} were pruned (reload the state)
     * @throws OutcomeUnknown when the connection failed during COMMIT
     */
    Committed commit(long position, String origin, Batch batch) throws StoreException;

    /**
     * Appends changes as they are, whatever else committed (tests and tools that own the store).
     *
     * @return the changes as committed, each with its journal sequence number
     */
    default List<Change> commit(List<Change> changes) throws StoreException {
        if (changes.isEmpty()) {
            return List.of();
        }
        return commit(-1, "append", (missed, spent) -> changes).written();
    }

    /** The journal entries a batch of this origin wrote after {@code position}; empty when it was not kept. */
    List<Change> written(String origin, long position) throws StoreException;

    /** The nonces spent by tokens still valid at {@code validAtMillis}: a restarted node must refuse them again. */
    List<Batch.Spend> spentNonces(long validAtMillis) throws StoreException;

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

    /**
     * One zone's journal entries with sequence numbers in {@code (afterSeq, throughSeq]}, in order,
     * at most {@code limit}: what changed in the zone between two of its serials.
     *
     * @throws JournalGap when some entry after {@code afterSeq} was pruned (of any zone: the
     *     journal cannot tell whose), so the entries read may not be all of them
     */
    List<Change> zoneJournal(String zone, long afterSeq, long throughSeq, int limit) throws StoreException;

    /**
     * The entries committed after {@code position}, at most {@code limit}, in order.
     *
     * @throws JournalGap when they were pruned
     */
    List<Change> since(long position, int limit) throws StoreException;

    /**
     * Calls {@code moved} whenever other writers may have committed (PostgreSQL: on each
     * notification, and every {@code poll} in any case); does nothing for SQLite, whose one node
     * is its only writer. Close the result to stop.
     */
    AutoCloseable follow(Runnable moved, java.time.Duration poll);

    /**
     * Whether the database answers now: a pooled connection that passes its validity check.
     *
     * @throws StoreException saying why it does not
     */
    void ping() throws StoreException;

    /**
     * Writes and commits a transaction that changes nothing: proof, after a failed commit or disk
     * fault, that the store takes durable writes again.
     */
    void probe() throws StoreException;

    /** A page of the operator's device list (see {@link DeviceQuery}). */
    DevicePage devices(DeviceQuery query) throws StoreException;

    /** A device's names in a zone and when it was last seen, or null when it holds none. */
    DeviceRow device(String zone, dev.beacon.token.DeviceId device) throws StoreException;

    /** The device's last journal entries in a zone, newest first. */
    List<HistoryEntry> history(String zone, dev.beacon.token.DeviceId device, int limit) throws StoreException;

    /** Devices of a zone last heard from before {@code seenBeforeMillis}, longest silent first. */
    List<DeviceRow> silentDevices(String zone, long seenBeforeMillis, int limit) throws StoreException;

    /** The admin token whose SHA-256 hash (hex) this is, or null. */
    AdminToken adminToken(String hash) throws StoreException;

    /** Every admin token, by name. */
    List<AdminToken> adminTokens() throws StoreException;

    /** Stores a new admin token by its hash; false when one of that name exists. */
    boolean addAdminToken(AdminToken token, String hash) throws StoreException;

    /** Deletes an admin token; false when there was none of that name. */
    boolean revokeAdminToken(String name) throws StoreException;

    /** Webhook events due for delivery: of hooks not backing off, in hook then journal order. */
    List<OutboxEntry> outboxDue(long nowMillis, int limit) throws StoreException;

    /** An event was delivered (or given up): it leaves the outbox and its hook stops backing off. */
    void outboxDone(String hook, long seq) throws StoreException;

    /** A hook's receiver failed {@code attempts} times in a row: the hook waits until {@code nextAtMillis}. */
    void outboxBackOff(String hook, int attempts, long nextAtMillis) throws StoreException;

    /** Events waiting in the outbox. */
    long outboxPending() throws StoreException;

    /**
     * The right to deliver webhooks among nodes sharing the database (one delivers, so events
     * leave in order), or null while another node holds it.
     */
    DeliveryLease deliveryLease() throws StoreException;

    /** True for a node that only follows the journal (a replica): it never writes or migrates. */
    boolean readOnly();

    /** True when other nodes may write to the same state (PostgreSQL), false for a node's own SQLite file. */
    boolean shared();

    /** A short description for logs and the banner (never a password). */
    String describe();

    @Override
    void close();
}
