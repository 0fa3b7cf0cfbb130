package dev.beacon.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.beacon.record.Addresses;
import dev.beacon.record.Change;
import dev.beacon.record.DeviceMark;
import dev.beacon.record.NameExtras;
import dev.beacon.record.NameRecord;
import dev.beacon.record.StringPool;
import dev.beacon.token.DeviceId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The store over JDBC, for SQLite (WAL, {@code synchronous=FULL}) and PostgreSQL (synchronous
 * commit). Thread-safe: each call borrows a pooled connection.
 *
 * <p>A commit takes the next journal sequence numbers by bumping the single {@code journal_head}
 * row inside the transaction. That row lock orders every commit against one database, so the
 * journal is gap-free and in commit order: a reader tailing it by sequence number never skips an
 * entry that commits late. {@link #open} takes the {@link NodeLease} first: one node per database.
 */
public final class JdbcStore implements Store {

    private static final String UPSERT = """
            INSERT INTO records (zone, label, device_id, ipv4, ipv6, fields, txt, user_agent, source_addr,
                                 ipv6_iid, ttl, rrs, txt_set_at, created_at, updated_at, last_seen_at, seq)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (zone, label) DO UPDATE SET
              device_id = excluded.device_id, ipv4 = excluded.ipv4, ipv6 = excluded.ipv6,
              fields = excluded.fields, txt = excluded.txt, user_agent = excluded.user_agent,
              source_addr = excluded.source_addr, ipv6_iid = excluded.ipv6_iid, ttl = excluded.ttl,
              rrs = excluded.rrs, txt_set_at = excluded.txt_set_at,
              created_at = excluded.created_at, updated_at = excluded.updated_at,
              last_seen_at = excluded.last_seen_at, seq = excluded.seq""";
    /**
     * A change to a name its device already holds, which is nearly every change: it sets no
     * indexed column, so the database rewrites the row and no index (SQLite maintains only the
     * indexes whose columns an UPDATE assigns; PostgreSQL can make it a HOT update). The
     * last-seen time is left to the sightings flush, which writes it in bulk anyway.
     */
    private static final String UPDATE_HELD = """
            UPDATE records SET ipv4 = ?, ipv6 = ?, fields = ?, txt = ?, user_agent = ?, source_addr = ?,
                               ipv6_iid = ?, ttl = ?, rrs = ?, txt_set_at = ?, created_at = ?, updated_at = ?, seq = ?
            WHERE zone = ? AND label = ? AND device_id = ?""";
    private static final String DELETE = "DELETE FROM records WHERE zone = ? AND label = ?";
    private static final String JOURNAL = """
            INSERT INTO journal (seq, zone, label, old_data, new_data, at, origin, device_id, actor)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String SET_HEAD = "UPDATE journal_head SET last_seq = ? WHERE id = 1";
    private static final int SPEND_CHUNK = 1000;
    static final String SELECT_JOURNAL = "SELECT seq, zone, label, old_data, new_data, at, device_id, actor FROM journal";
    /** A device mark's journal data: its new state. */
    private static final String BLOCKED = "blocked";
    private static final String UNBLOCKED = "unblocked";
    /** A revocation's journal data, followed by the lowest generation still accepted. */
    private static final String REVOKED = "revoked:";
    /** A static secret's journal data, followed by its SHA-256 (hex), or by "-" when revoked. */
    private static final String SECRET = "secret:";
    private static final String NO_SECRET = "-";

    private static String markText(DeviceMark mark) {
        return switch (mark.kind()) {
            case BLOCK -> BLOCKED;
            case UNBLOCK -> UNBLOCKED;
            case REVOKE -> REVOKED + mark.generation();
            case SECRET -> SECRET + (mark.secretHash() == null ? NO_SECRET : mark.secretHash());
        };
    }

    private static DeviceMark markOf(DeviceId device, String text) {
        if (text != null && text.startsWith(REVOKED)) {
            return DeviceMark.revoke(device, Long.parseLong(text.substring(REVOKED.length())));
        }
        if (text != null && text.startsWith(SECRET)) {
            String hash = text.substring(SECRET.length());
            return DeviceMark.secret(device, hash.equals(NO_SECRET) ? null : hash);
        }
        return new DeviceMark(device, BLOCKED.equals(text));
    }
    private static final String ZONE_SEQ = "UPDATE zones SET last_seq = ? WHERE name = ? AND last_seq < ?";
    private static final String TOUCH = """
            UPDATE records SET last_seen_at = ? WHERE zone = ? AND device_id = ? AND last_seen_at < ?""";
    private static final String SELECT_RECORDS = """
            SELECT zone, label, device_id, ipv4, ipv6, fields, txt, user_agent, source_addr, created_at, updated_at, seq,
                   ipv6_iid, ttl, rrs, txt_set_at
            FROM records""";

    private static final String PRUNE = """
            DELETE FROM journal WHERE seq IN (SELECT seq FROM journal WHERE at < ? ORDER BY seq LIMIT ?)""";
    private static final int PRUNE_CHUNK = 10_000;
    /**
     * The writer connection's page cache, KiB (SQLite's default is 2,000): room for the indexes a
     * commit walks, so it writes pages without first reading them back.
     */
    private static final int WRITER_CACHE_KIB = 32 * 1024;
    /** The other connections' page cache, KiB: SQLite's default. */
    private static final int READER_CACHE_KIB = 2_000;

    private final Dialect dialect;
    private final HikariDataSource pool;
    /**
     * The writer's own connection (a pool of one), for every transaction that writes. Kept apart
     * so its page cache stays warm: SQLite drops a connection's cache whenever another connection
     * wrote since, and a commit on a cold connection read back some 150 pages from disk.
     */
    private final HikariDataSource writes;
    private final StoreSettings settings;
    private final String description;
    private final OperatorQueries operator;
    private final WebhookOutbox outbox;
    private NodeLease lease;
    /** The zones registered by {@link #open}, in name order. */
    private List<String> zones = List.of();

    private JdbcStore(Dialect dialect, HikariDataSource pool, HikariDataSource writes, StoreSettings settings) {
        this.dialect = dialect;
        this.pool = pool;
        this.writes = writes;
        this.settings = settings;
        this.description = settings.url().redacted();
        this.operator = new OperatorQueries(pool);
        this.outbox = new WebhookOutbox(pool, dialect, settings.url());
    }

    /**
     * Connects to the database the URL names.
     *
     * @throws StoreException when it cannot be reached
     */
    public static JdbcStore connect(StoreSettings settings) throws StoreException {
        DatabaseUrl url = settings.url();
        Dialect dialect = Dialect.of(url);
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("beacon-store");
        hikari.setConnectionTimeout(Math.max(250, settings.connectTimeout().toMillis()));
        hikari.setInitializationFailTimeout(settings.connectTimeout().toMillis());
        hikari.setAutoCommit(true);
        HikariConfig writes = new HikariConfig();
        if (dialect == Dialect.SQLITE) {
            hikari.setDataSource(sqlite(url, settings, -READER_CACHE_KIB));
            hikari.setMaximumPoolSize(3);
            hikari.copyStateTo(writes);
            writes.setDataSource(sqlite(url, settings, -WRITER_CACHE_KIB));
        } else {
            hikari.setJdbcUrl(url.text());
            hikari.setMaximumPoolSize(4);
            hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
            hikari.addDataSourceProperty("connectTimeout", Long.toString(Math.max(1, settings.connectTimeout().toSeconds())));
            hikari.addDataSourceProperty("socketTimeout", Long.toString(Math.max(1, settings.statementTimeout().toSeconds())));
            hikari.addDataSourceProperty("tcpKeepAlive", "true");
            hikari.setConnectionInitSql("SET lock_timeout = " + settings.lockTimeout().toMillis());
            hikari.copyStateTo(writes);
        }
        writes.setPoolName("beacon-store-writer");
        writes.setMaximumPoolSize(1);
        HikariDataSource reads = null;
        try {
            reads = new HikariDataSource(hikari);
            return new JdbcStore(dialect, reads, new HikariDataSource(writes), settings);
        } catch (RuntimeException e) {
            if (reads != null) {
                reads.close();
            }
            throw new StoreException("cannot open database " + url + ": " + rootMessage(e), e);
        }
    }

    /** SQLite connections as Beacon uses them: WAL, every commit synced, write lock taken at BEGIN. */
    private static SQLiteDataSource sqlite(DatabaseUrl url, StoreSettings settings, int cacheSize) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout((int) settings.lockTimeout().toMillis());
        config.enforceForeignKeys(true);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setCacheSize(cacheSize);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl(url.text());
        return ds;
    }

    @Override
    public void open(List<String> zones) throws StoreException {
        if (lease == null) {
            lease = NodeLease.acquire(settings.url());
        }
        this.zones = zones.stream().sorted().toList();
        try (Connection c = pool.getConnection()) {
            if (readOnly()) {
                Migrations.requireLatest(c);
                return;
            }
            Migrations.apply(c, dialect);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO zones (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")) {
                for (String zone : zones) {
                    ps.setString(1, zone);
                    ps.setLong(2, System.currentTimeMillis());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        } catch (Migrations.ForeignDatabase e) {
            throw new StoreException(description + " " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new StoreException("cannot prepare the schema of " + description + ": " + e.getMessage(), e);
        }
    }

    @Override
    public StoredState load() throws StoreException {
        List<NameRecord> records = new ArrayList<>();
        List<StoredState.Block> blocks = new ArrayList<>();
        Map<String, Long> lastSeqs = new HashMap<>();
        long head;
        try (Connection c = pool.getConnection()) {
            // One snapshot of the database for records and head alike, so tailing from the head
            // neither misses nor repeats a change committed while loading.
            int isolation = beginSnapshot(c);
            // In storage order: the registry orders each device's names itself. Zone names,
            // User-Agents and sources repeat across a fleet, so each is kept once, not per name.
            StringPool shared = new StringPool(StringPool.LOAD_CAPACITY);
            try (PreparedStatement ps = c.prepareStatement(SELECT_RECORDS); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    records.add(record(rs, shared));
                }
            }
            head = headAndMarks(c, lastSeqs, blocks);
            endSnapshot(c, isolation);
        } catch (SQLException e) {
            throw new StoreException("cannot load records from " + description + ": " + e.getMessage(), e);
        }
        return new StoredState(records, lastSeqs, head, blocks);
    }

    @Override
    public StoredTail loadAfter(long position, int limit) throws StoreException {
        List<StoredState.Block> blocks = new ArrayList<>();
        Map<String, Long> lastSeqs = new HashMap<>();
        try (Connection c = pool.getConnection()) {
            int isolation = beginSnapshot(c);
            long head = headAndMarks(c, lastSeqs, blocks);
            String stamp = stamp(c, position);
            long behind = head - position;
            List<Change> entries = behind <= 0 || behind > limit ? List.of() : read(c, position, behind);
            endSnapshot(c, isolation);
            return new StoredTail(stamp, entries, lastSeqs, head, blocks);
        } catch (GapFound e) {
            throw new JournalGap(e.position, e.oldest);
        } catch (SQLException | RuntimeException e) {
            throw new StoreException("cannot load the journal from " + description + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String journalStamp(long seq) throws StoreException {
        try (Connection c = pool.getConnection()) {
            return stamp(c, seq);
        } catch (SQLException e) {
            throw new StoreException("cannot read the journal of " + description + ": " + e.getMessage(), e);
        }
    }

    /**
     * SHA-256 (hex) of the schema version and every column of the journal entry {@code seq}, or
     * null when there is none: another database, or this one restored to another moment, has no
     * such entry or a different one there.
     */
    private static String stamp(Connection c, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq, zone, label, old_data, new_data, at, origin, device_id, actor FROM journal WHERE seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                StringBuilder text = new StringBuilder("schema ").append(Migrations.latest());
                for (int i = 1; i <= 9; i++) {
                    String column = rs.getString(i);
                    // A null and an empty column must differ: NUL never occurs in stored text.
                    text.append('\0').append(column == null ? "\0null" : column);
                }
                try {
                    byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                            .digest(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    return java.util.HexFormat.of().formatHex(digest);
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException("every Java runtime has SHA-256", e);
                }
            }
        }
    }

    /** Starts a read of one consistent snapshot; returns the isolation level to restore. */
    private int beginSnapshot(Connection c) throws SQLException {
        int isolation = c.getTransactionIsolation();
        c.setTransactionIsolation(dialect.snapshotIsolation());
        c.setAutoCommit(false);
        return isolation;
    }

    private static void endSnapshot(Connection c, int isolation) throws SQLException {
        c.commit();
        c.setAutoCommit(true);
        c.setTransactionIsolation(isolation);
    }

    /** Reads each zone's last sequence number and the device marks; returns the journal head. */
    private static long headAndMarks(Connection c, Map<String, Long> lastSeqs, List<StoredState.Block> blocks)
            throws SQLException {
        long head;
        try (PreparedStatement ps = c.prepareStatement("SELECT name, last_seq FROM zones");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                lastSeqs.put(rs.getString(1), rs.getLong(2));
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM journal_head WHERE id = 1");
                ResultSet rs = ps.executeQuery()) {
            head = rs.next() ? rs.getLong(1) : 0;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT zone, device_id, blocked_at FROM device_blocks");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                blocks.add(new StoredState.Block(rs.getString(1),
                        new DeviceMark(DeviceId.parse(rs.getString(2)), true), rs.getLong(3)));
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT zone, device_id, hash, created_at FROM device_secrets");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                blocks.add(new StoredState.Block(rs.getString(1),
                        DeviceMark.secret(DeviceId.parse(rs.getString(2)), rs.getString(3)), rs.getLong(4)));
            }
        }
        // A device's stored generation is the lowest it may still use: revoked or re-provisioned.
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT zone, device_id, generation FROM device_counters WHERE generation > 0");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                blocks.add(new StoredState.Block(rs.getString(1),
                        DeviceMark.revoke(DeviceId.parse(rs.getString(2)), rs.getLong(3)), 0));
            }
        }
        return head;
    }

    /** A record from the first sixteen columns of a row, in {@link #SELECT_RECORDS} order. */
    static NameRecord record(ResultSet rs) throws SQLException {
        return record(rs, null);
    }

    /** As {@link #record(ResultSet)}, with zone, User-Agent and source strings taken from {@code shared} when equal. */
    private static NameRecord record(ResultSet rs, StringPool shared) throws SQLException {
        Addresses addresses = RecordText.addresses(rs.getString(4), rs.getString(5));
        String source = rs.getString(9);
        // A source that is the name's own address is not kept (NameRecord writes it again when
        // asked), so it need not take one of the pool's places from a value that does repeat.
        if (source != null && !addresses.isV4Text(source)) {
            source = once(shared, source);
        }
        return new NameRecord(once(shared, rs.getString(1)), rs.getString(2), DeviceId.parse(rs.getString(3)),
                addresses, NameExtras.of(RecordText.interfaceId(rs.getString(13)), rs.getInt(14),
                        RecordText.records(rs.getString(15)), RecordText.times(rs.getString(16))),
                RecordText.fields(rs.getString(6)),
                RecordText.txt(rs.getString(7)), once(shared, rs.getString(8)), source, rs.getLong(10), rs.getLong(11),
                rs.getLong(12));
    }

    private static String once(StringPool shared, String value) {
        return shared == null ? value : shared.of(value);
    }

    @Override
    public Committed commit(long position, String origin, Batch batch) throws StoreException {
        return inTransaction("commit", c -> {
            long head;
            try (PreparedStatement ps = c.prepareStatement(dialect.lockHead()); ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("journal_head row is missing");
                }
                head = rs.getLong(1);
            }
            List<Change> missed = position < 0 || head <= position ? List.of() : read(c, position, head - position);
            Set<String> spent = dialect.checksSpentNonces() ? spend(c, batch.spends()) : Set.of();
            if (!batch.counters().isEmpty()) {
                spent = new HashSet<>(spent);
                spent.addAll(advance(c, batch.counters()));
            }
            List<Change> decided = batch.decide(missed, spent);
            if (!dialect.checksSpentNonces()) {
                record(c, batch.spends());
            }
            if (decided.isEmpty()) {
                return new Committed(missed, List.of(), head);
            }
            List<Change> written = write(c, head, origin, decided);
            WebhookOutbox.write(c, batch.outbox(written));
            long newHead = head + decided.size();
            dialect.notifyCommitted(c, newHead);
            return new Committed(missed, written, newHead);
        });
    }

    /** Entries after {@code position}, up to {@code count} of them; a pruned start is a {@link JournalGap}. */
    private List<Change> read(Connection c, long position, long count) throws SQLException {
        List<Change> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT_JOURNAL + " WHERE seq > ? ORDER BY seq LIMIT ?")) {
            ps.setLong(1, position);
            ps.setLong(2, count);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(change(rs));
                }
            }
        }
        if (count > 0 && (out.isEmpty() || out.get(0).seq() != position + 1)) {
            throw new GapFound(position, out.isEmpty() ? -1 : out.get(0).seq());
        }
        return out;
    }

    /** A {@link JournalGap} found inside a transaction (SQLException, so the transaction rolls back). */
    private static final class GapFound extends SQLException {
        private static final long serialVersionUID = 1L;
        final long position;
        final long oldest;

        GapFound(long position, long oldest) {
            super("journal gap after " + position);
            this.position = position;
            this.oldest = oldest;
        }
    }

    /**
     * Raises each device's token counter (and generation) to the batch's, and returns the keys of
     * those that were not above the stored ones: replays, even of a token another node accepted.
     */
    private static Set<String> advance(Connection c, List<Batch.Counter> counters) throws SQLException {
        Set<String> stale = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO device_counters (zone, device_id, generation, counter) VALUES (?, ?, ?, ?)
                ON CONFLICT (zone, device_id) DO UPDATE SET generation = excluded.generation, counter = excluded.counter
                WHERE device_counters.generation < excluded.generation
                   OR device_counters.generation = excluded.generation AND device_counters.counter < excluded.counter""")) {
            for (Batch.Counter k : counters) {
                ps.setString(1, k.zone());
                ps.setString(2, k.device());
                ps.setLong(3, k.generation());
                ps.setLong(4, k.value());
                if (ps.executeUpdate() == 0) {
                    stale.add(k.key());
                }
            }
        }
        return stale;
    }

    /**
     * Records the nonces as spent and returns those that were spent already (by an earlier
     * commit, at any node): one statement per chunk, whose RETURNING names the ones it inserted.
     */
    private static Set<String> spend(Connection c, List<Batch.Spend> spends) throws SQLException {
        if (spends.isEmpty()) {
            return Set.of();
        }
        Set<String> spent = new HashSet<>();
        for (int from = 0; from < spends.size(); from += SPEND_CHUNK) {
            List<Batch.Spend> chunk = spends.subList(from, Math.min(spends.size(), from + SPEND_CHUNK));
            String rows = String.join(",", java.util.Collections.nCopies(chunk.size(), "(?, ?)"));
            Set<String> inserted = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO spent_nonces (nonce, expires_at) VALUES " + rows
                    + " ON CONFLICT (expires_at, nonce) DO NOTHING RETURNING nonce")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(2 * i + 1, chunk.get(i).nonce());
                    ps.setLong(2 * i + 2, chunk.get(i).expiresAtMillis());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        inserted.add(rs.getString(1));
                    }
                }
            }
            for (Batch.Spend s : chunk) {
                if (!inserted.contains(s.nonce())) {
                    spent.add(s.nonce());
                }
            }
        }
        return spent;
    }

    /**
     * Records a batch's nonces as spent, without asking which were (one process: its replay cache
     * knows), as one row: {@code nonce@expiry} pairs joined by commas, keyed by the latest expiry.
     * A row per nonce cost a fifth of SQLite's write rate; this one is read back only at start.
     */
    private static void record(Connection c, List<Batch.Spend> spends) throws SQLException {
        if (spends.isEmpty()) {
            return;
        }
        StringBuilder packed = new StringBuilder(spends.size() * 40);
        long latest = 0;
        for (Batch.Spend s : spends) {
            if (packed.length() > 0) {
                packed.append(',');
            }
            packed.append(s.nonce()).append('@').append(s.expiresAtMillis());
            latest = Math.max(latest, s.expiresAtMillis());
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO spent_nonces (nonce, expires_at) VALUES (?, ?) ON CONFLICT (expires_at, nonce) DO NOTHING")) {
            ps.setString(1, packed.toString());
            ps.setLong(2, latest);
            ps.executeUpdate();
        }
    }

    @Override
    public List<Batch.Spend> spentNonces(long validAtMillis) throws StoreException {
        List<Batch.Spend> out = new ArrayList<>();
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT nonce, expires_at FROM spent_nonces WHERE expires_at >= ?")) {
            ps.setLong(1, validAtMillis);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    unpack(rs.getString(1), rs.getLong(2), validAtMillis, out);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read spent nonces: " + e.getMessage(), e);
        }
        return out;
    }

    /** A row of {@link #spend} (one nonce) or of {@link #record} (a batch's {@code nonce@expiry} pairs). */
    private static void unpack(String nonces, long expiresAt, long validAtMillis, List<Batch.Spend> out) {
        if (nonces.indexOf('@') < 0) {
            out.add(new Batch.Spend(nonces, expiresAt));
            return;
        }
        for (String pair : nonces.split(",")) {
            int at = pair.indexOf('@');
            long expiry = Long.parseLong(pair.substring(at + 1));
            if (expiry >= validAtMillis) {
                out.add(new Batch.Spend(pair.substring(0, at), expiry));
            }
        }
    }

    /** Nonces of tokens that have expired anyway: a replay of them is refused as EXPIRED. */
    private void pruneSpentNonces() throws StoreException {
        long now = System.currentTimeMillis();
        inTransaction("nonce pruning", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM spent_nonces WHERE expires_at < ?")) {
                ps.setLong(1, now);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<Change> written(String origin, long position) throws StoreException {
        return entries(" WHERE seq > ? AND origin = ? ORDER BY seq", ps -> {
            ps.setLong(1, position);
            ps.setString(2, origin);
        });
    }

    @Override
    public List<Change> since(long position, int limit) throws StoreException {
        try (Connection c = pool.getConnection()) {
            long head;
            try (PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM journal_head WHERE id = 1");
                    ResultSet rs = ps.executeQuery()) {
                head = rs.next() ? rs.getLong(1) : 0;
            }
            return head <= position ? List.of() : read(c, position, Math.min(limit, head - position));
        } catch (GapFound e) {
            throw new JournalGap(e.position, e.oldest);
        } catch (SQLException | RuntimeException e) {
            throw new StoreException("cannot read the journal: " + e.getMessage(), e);
        }
    }

    /** Work done inside one transaction. */
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(String what, SqlWork<T> work) throws StoreException {
        Connection c;
        try {
            c = writes.getConnection();
        } catch (SQLException e) {
            throw new StoreException(what + " failed: no database connection: " + e.getMessage(), e);
        }
        T result;
        try {
            c.setAutoCommit(false);
            result = work.run(c);
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c, e);
            // After a failure the driver's idea of the transaction may be wrong (sqlite-jdbc
            // believes a BEGIN that failed with SQLITE_BUSY is open, so the next "transaction"
            // would autocommit statement by statement). Such a connection is never reused.
            writes.evictConnection(c);
            if (e instanceof GapFound gap) {
                throw new JournalGap(gap.position, gap.oldest);
            }
            if (e instanceof SQLException sql && dialect.isDiskFault(sql)) {
                throw new StorageFault(what + " failed: the disk failed: " + e.getMessage(), e);
            }
            throw new StoreException(what + " failed: " + e.getMessage(), e);
        }
        try {
            c.commit();
        } catch (SQLException e) {
            writes.evictConnection(c);
            // Sent or not, kept or not: the journal can tell where a database server decided;
            // after a local fsync failure nothing can (Dialect.journalSettlesFailedCommit).
            throw new OutcomeUnknown(what + ": the commit failed: " + e.getMessage(), e,
                    dialect.journalSettlesFailedCommit());
        }
        try {
            c.setAutoCommit(true);
            c.close();
        } catch (SQLException e) {
            writes.evictConnection(c);
        }
        return result;
    }

    private List<Change> write(Connection c, long head, String origin, List<Change> changes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SET_HEAD)) {
            ps.setLong(1, head + changes.size());
            ps.executeUpdate();
        }
        long seq = head + 1;
        List<Change> committed = new ArrayList<>(changes.size());
        Map<String, Long> zoneSeqs = new TreeMap<>();
        // Several changes to one name in a batch: only the last state goes to the records table,
        // every step goes to the journal.
        Map<List<String>, Change> finalStates = new LinkedHashMap<>();
        Map<List<String>, Change> finalMarks = new LinkedHashMap<>();
        Map<List<String>, Change> finalSecrets = new LinkedHashMap<>();
        for (Change change : changes) {
            Change done = (change.isMark() && change.mark().isRevocation() ? revoke(c, change) : change).committed(seq++);
            committed.add(done);
            if (done.isMark()) {
                if (done.mark().isSecret()) {
                    finalSecrets.put(List.of(done.zone(), done.mark().device().value()), done);
                } else if (!done.mark().isRevocation()) {
                    finalMarks.put(List.of(done.zone(), done.mark().device().value()), done);
                }
                continue;
            }
            zoneSeqs.merge(done.zone(), done.seq(), Math::max);
            finalStates.put(List.of(done.zone(), done.label()), done);
        }
        writeMarks(c, finalMarks.values());
        writeSecrets(c, finalSecrets.values());
        writeRecords(c, finalStates.values());
        try (PreparedStatement journal = c.prepareStatement(JOURNAL)) {
            for (Change change : committed) {
                journal.setLong(1, change.seq());
                journal.setString(2, change.zone());
                journal.setString(3, change.label());
                setNullable(journal, 4, change.before() == null ? null : RecordText.record(change.before()));
                setNullable(journal, 5, change.isMark() ? markText(change.mark())
                        : change.after() == null ? null : RecordText.record(change.after()));
                journal.setLong(6, change.atMillis());
                journal.setString(7, origin);
                journal.setString(8, change.device().value());
                setNullable(journal, 9, change.actor());
                journal.addBatch();
            }
            journal.executeBatch();
        }
        try (PreparedStatement zone = c.prepareStatement(ZONE_SEQ)) {
            for (Map.Entry<String, Long> e : zoneSeqs.entrySet()) {
                zone.setLong(1, e.getValue());
                zone.setString(2, e.getKey());
                zone.setLong(3, e.getValue());
                zone.addBatch();
            }
            zone.executeBatch();
        }
        return committed;
    }

    /**
     * Each name's final state in the batch: names their device held before the batch take the
     * narrow {@link #UPDATE_HELD}; new names, names that changed hands and any held name the
     * update did not find (the batch moved it away and back) take the full upsert.
     */
    private static void writeRecords(Connection c, Collection<Change> finalStates) throws SQLException {
        List<Change> deleted = new ArrayList<>();
        List<Change> held = new ArrayList<>();
        List<Change> upserted = new ArrayList<>();
        for (Change change : finalStates) {
            NameRecord before = change.before();
            if (change.after() == null) {
                deleted.add(change);
            } else if (before != null && before.device().equals(change.after().device())) {
                held.add(change);
            } else {
                upserted.add(change);
            }
        }
        if (!deleted.isEmpty()) {
            try (PreparedStatement delete = c.prepareStatement(DELETE)) {
                for (Change change : deleted) {
                    delete.setString(1, change.zone());
                    delete.setString(2, change.label());
                    delete.addBatch();
                }
                delete.executeBatch();
            }
        }
        if (!held.isEmpty()) {
            try (PreparedStatement update = c.prepareStatement(UPDATE_HELD)) {
                for (Change change : held) {
                    NameRecord r = change.after();
                    bindData(update, 1, r);
                    update.setLong(11, r.createdMillis());
                    update.setLong(12, r.updatedMillis());
                    update.setLong(13, r.seq());
                    update.setString(14, r.zone());
                    update.setString(15, r.label());
                    update.setString(16, r.device().value());
                    update.addBatch();
                }
                int[] counts = update.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] == 0) {
                        upserted.add(held.get(i));
                    }
                }
            }
        }
        if (!upserted.isEmpty()) {
            try (PreparedStatement upsert = c.prepareStatement(UPSERT)) {
                for (Change change : upserted) {
                    NameRecord r = change.after();
                    upsert.setString(1, r.zone());
                    upsert.setString(2, r.label());
                    upsert.setString(3, r.device().value());
                    bindData(upsert, 4, r);
                    upsert.setLong(14, r.createdMillis());
                    upsert.setLong(15, r.updatedMillis());
                    upsert.setLong(16, r.updatedMillis());
                    upsert.setLong(17, r.seq());
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
        }
    }

    /** Binds a record's data columns (addresses, fields, TXT, User-Agent, source, interface id, TTL, CNAME/MX), from {@code first} on. */
    private static void bindData(PreparedStatement ps, int first, NameRecord r) throws SQLException {
        setNullable(ps, first, r.addresses().v4Text());
        setNullable(ps, first + 1, r.addresses().v6Text());
        ps.setString(first + 2, RecordText.fields(r.fields()));
        ps.setString(first + 3, RecordText.txt(r.txt()));
        ps.setString(first + 4, r.userAgent());
        ps.setString(first + 5, r.source());
        setNullable(ps, first + 6, r.interfaceId() == null ? null : r.interfaceId().text());
        ps.setInt(first + 7, r.ttl());
        ps.setString(first + 8, RecordText.records(r.records()));
        ps.setString(first + 9, RecordText.times(r.extras() == null ? List.of() : r.extras().txtSetAt()));
    }

    /**
     * A revocation, settled: its generation floor goes above the device's stored generation as
     * well as the one decided from memory, and is stored with the counter reset, so every older
     * key is refused here and by every node that reads the journal.
     */
    private static Change revoke(Connection c, Change change) throws SQLException {
        DeviceMark mark = change.mark();
        long stored = 0;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT generation FROM device_counters WHERE zone = ? AND device_id = ?")) {
            ps.setString(1, change.zone());
            ps.setString(2, mark.device().value());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    stored = rs.getLong(1);
                }
            }
        }
        long floor = Math.max(mark.generation(), stored + 1);
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO device_counters (zone, device_id, generation, counter) VALUES (?, ?, ?, 0)
                ON CONFLICT (zone, device_id) DO UPDATE SET generation = excluded.generation, counter = 0""")) {
            ps.setString(1, change.zone());
            ps.setString(2, mark.device().value());
            ps.setLong(3, floor);
            ps.executeUpdate();
        }
        return Change.marked(change.zone(), DeviceMark.revoke(mark.device(), floor), change.atMillis(), change.actor());
    }

    /** The static secrets a batch leaves, per device: one each, only its hash stored. */
    private static void writeSecrets(Connection c, java.util.Collection<Change> secrets) throws SQLException {
        if (secrets.isEmpty()) {
            return;
        }
        try (PreparedStatement drop = c.prepareStatement("DELETE FROM device_secrets WHERE zone = ? AND device_id = ?");
                PreparedStatement set = c.prepareStatement(
                        "INSERT INTO device_secrets (zone, device_id, hash, created_at) VALUES (?, ?, ?, ?)")) {
            for (Change change : secrets) {
                drop.setString(1, change.zone());
                drop.setString(2, change.mark().device().value());
                drop.executeUpdate();
                if (change.mark().secretHash() != null) {
                    set.setString(1, change.zone());
                    set.setString(2, change.mark().device().value());
                    set.setString(3, change.mark().secretHash());
                    set.setLong(4, change.atMillis());
                    set.executeUpdate();
                }
            }
        }
    }

    /** The blocks a batch leaves, per device. */
    private static void writeMarks(Connection c, java.util.Collection<Change> marks) throws SQLException {
        if (marks.isEmpty()) {
            return;
        }
        try (PreparedStatement block = c.prepareStatement("INSERT INTO device_blocks (zone, device_id, blocked_at)"
                + " VALUES (?, ?, ?) ON CONFLICT (zone, device_id) DO NOTHING");
                PreparedStatement unblock = c.prepareStatement("DELETE FROM device_blocks WHERE zone = ? AND device_id = ?")) {
            for (Change mark : marks) {
                PreparedStatement ps = mark.mark().blocked() ? block : unblock;
                ps.setString(1, mark.zone());
                ps.setString(2, mark.mark().device().value());
                if (mark.mark().blocked()) {
                    ps.setLong(3, mark.atMillis());
                }
                ps.executeUpdate();
            }
        }
    }

    @Override
    public void touch(List<Sighting> sightings) throws StoreException {
        if (sightings.isEmpty()) {
            return;
        }
        inTransaction("last-seen update of " + sightings.size() + " devices", c -> {
            try (PreparedStatement ps = c.prepareStatement(TOUCH)) {
                for (Sighting s : sightings) {
                    ps.setLong(1, s.atMillis());
                    ps.setString(2, s.zone());
                    ps.setString(3, s.device().value());
                    ps.setLong(4, s.atMillis());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public long pruneJournal(long beforeMillis) throws StoreException {
        long total = 0;
        while (true) {
            // Chunks keep each transaction short, so commits waiting behind a prune wait little.
            int deleted = inTransaction("journal pruning", c -> {
                try (PreparedStatement ps = c.prepareStatement(PRUNE)) {
                    ps.setLong(1, beforeMillis);
                    ps.setInt(2, PRUNE_CHUNK);
                    return ps.executeUpdate();
                }
            });
            total += deleted;
            if (deleted < PRUNE_CHUNK) {
                pruneSpentNonces();
                return total;
            }
        }
    }

    @Override
    public List<Change> journal(long afterSeq, int limit) throws StoreException {
        return entries(" WHERE seq > ? ORDER BY seq LIMIT ?", ps -> {
            ps.setLong(1, afterSeq);
            ps.setInt(2, limit);
        });
    }

    @Override
    public List<Change> zoneJournal(String zone, long afterSeq, long throughSeq, int limit) throws StoreException {
        // Device marks change nothing a secondary serves.
        List<Change> out = entries(" WHERE zone = ? AND seq > ? AND seq <= ? AND label <> '' ORDER BY seq LIMIT ?", ps -> {
            ps.setString(1, zone);
            ps.setLong(2, afterSeq);
            ps.setLong(3, throughSeq);
            ps.setInt(4, limit);
        });
        // Pruning deletes the oldest entries first. Read after the entries: if the oldest entry
        // kept is still at or before afterSeq + 1, nothing after afterSeq was gone when they were read.
        long oldest;
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT MIN(seq) FROM journal");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            oldest = rs.getLong(1);
            if (rs.wasNull()) {
                oldest = -1;
            }
        } catch (SQLException | RuntimeException e) {
            throw new StoreException("cannot read the journal: " + e.getMessage(), e);
        }
        boolean complete = oldest < 0 ? afterSeq >= throughSeq : oldest <= afterSeq + 1;
        if (!complete) {
            throw new JournalGap(afterSeq, oldest);
        }
        return out;
    }

    /** Parameters of a prepared statement. */
    private interface Binding {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Journal entries selected by {@code where}, read outside any transaction. */
    private List<Change> entries(String where, Binding binding) throws StoreException {
        List<Change> out = new ArrayList<>();
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(SELECT_JOURNAL + where)) {
            binding.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(change(rs));
                }
            }
        } catch (SQLException | RuntimeException e) {
            throw new StoreException("cannot read the journal: " + e.getMessage(), e);
        }
        return out;
    }

    /** A row of {@link #SELECT_JOURNAL}. */
    static Change change(ResultSet rs) throws SQLException {
        long seq = rs.getLong(1);
        String zone = rs.getString(2);
        String label = rs.getString(3);
        String before = rs.getString(4);
        String after = rs.getString(5);
        String actor = rs.getString(8);
        if (label.isEmpty()) {
            DeviceId device = DeviceId.parse(rs.getString(7));
            return new Change(seq, zone, "", null, null, rs.getLong(6), actor, markOf(device, after));
        }
        return new Change(seq, zone, label,
                before == null ? null : RecordText.record(zone, label, 0, before),
                after == null ? null : RecordText.record(zone, label, seq, after), rs.getLong(6), actor, null);
    }

    @Override
    public AutoCloseable follow(Runnable moved, java.time.Duration poll) {
        if (dialect == Dialect.SQLITE) {
            return () -> { };
        }
        // A streaming replica neither replicates NOTIFY nor accepts LISTEN: it polls.
        JournalTailer tailer = new JournalTailer(settings.url(), settings, moved, poll, !readOnly());
        tailer.start();
        return tailer;
    }

    @Override
    public void probe() throws StoreException {
        // A real write and its fsync: rewriting the journal head with its own value changes nothing.
        inTransaction("probe", c -> {
            try (Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE journal_head SET last_seq = last_seq WHERE id = 1");
            }
            return null;
        });
    }

    @Override
    public void ping() throws StoreException {
        try (Connection c = pool.getConnection()) {
            if (!c.isValid(1)) {
                throw new StoreException("the database connection is not valid");
            }
        } catch (SQLException | RuntimeException e) {
            throw new StoreException("cannot reach the database: " + e.getMessage(), e);
        }
    }

    /**
     * Brings the schema up to date without taking the node lease or registering zones: for tools
     * that share the database with a running server (admin tokens).
     */
    public void migrate() throws StoreException {
        try (Connection c = pool.getConnection()) {
            Migrations.apply(c, dialect);
        } catch (Migrations.ForeignDatabase e) {
            throw new StoreException(description + " " + e.getMessage(), e);
        } catch (SQLException | RuntimeException e) {
            throw new StoreException("cannot prepare the schema of " + description + ": " + e.getMessage(), e);
        }
    }

    /** Work on the operator's queries. */
    private interface OperatorWork<T> {
        T run() throws SQLException;
    }

    private <T> T operator(String what, OperatorWork<T> work) throws StoreException {
        try {
            return work.run();
        } catch (SQLException | RuntimeException e) {
            throw new StoreException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public DevicePage devices(DeviceQuery query) throws StoreException {
        return operator("list devices", () -> operator.devices(query, zones));
    }

    @Override
    public DeviceRow device(String zone, DeviceId device) throws StoreException {
        return operator("read a device", () -> operator.device(zone, device));
    }

    @Override
    public List<HistoryEntry> history(String zone, DeviceId device, int limit) throws StoreException {
        return operator("read a device's history", () -> operator.history(zone, device, limit));
    }

    @Override
    public List<DeviceRow> silentDevices(String zone, long seenBeforeMillis, int limit) throws StoreException {
        return operator("list silent devices", () -> operator.silent(zone, seenBeforeMillis, limit));
    }

    @Override
    public AdminToken adminToken(String hash) throws StoreException {
        return operator("check an admin token", () -> operator.adminToken(hash));
    }

    @Override
    public List<AdminToken> adminTokens() throws StoreException {
        return operator("list admin tokens", operator::adminTokens);
    }

    @Override
    public boolean addAdminToken(AdminToken token, String hash) throws StoreException {
        return operator("store an admin token", () -> operator.addAdminToken(token, hash));
    }

    @Override
    public boolean revokeAdminToken(String name) throws StoreException {
        return operator("revoke an admin token", () -> operator.revokeAdminToken(name));
    }

    @Override
    public List<OutboxEntry> outboxDue(long nowMillis, int limit) throws StoreException {
        return operator("read the webhook outbox", () -> outbox.due(nowMillis, limit));
    }

    @Override
    public void outboxDone(String hook, long seq) throws StoreException {
        operator("clear a delivered webhook event", () -> {
            outbox.done(hook, seq);
            return null;
        });
    }

    @Override
    public void outboxBackOff(String hook, int attempts, long nextAtMillis) throws StoreException {
        operator("defer a webhook", () -> {
            outbox.backOff(hook, attempts, nextAtMillis);
            return null;
        });
    }

    @Override
    public long outboxPending() throws StoreException {
        return operator("count the webhook outbox", outbox::pending);
    }

    @Override
    public DeliveryLease deliveryLease() throws StoreException {
        return operator("take the webhook delivery lease", outbox::lease);
    }

    @Override
    public boolean readOnly() {
        return settings.role() == StoreSettings.Role.REPLICA;
    }

    @Override
    public boolean shared() {
        return dialect == Dialect.POSTGRES;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        writes.close();
        pool.close();
        if (lease != null) {
            lease.close();
            lease = null;
        }
    }

    private static void setNullable(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

}
