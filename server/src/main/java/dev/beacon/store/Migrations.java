package dev.beacon.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The schema, as numbered steps applied in order, each in the transaction that records it.
 * One list serves both databases; {@code {seqkey}} and {@code {keyedTable}} are the only
 * dialect-specific spellings.
 * Never edit a released step: add the next one.
 */
final class Migrations {

    private record Step(int version, List<String> statements) {
    }

    private static final List<Step> STEPS = List.of(
            new Step(1, List.of(
                    """
                    CREATE TABLE zones (
                      name TEXT PRIMARY KEY,
                      created_at BIGINT NOT NULL,
                      last_seq BIGINT NOT NULL DEFAULT 0)""",
                    """
                    CREATE TABLE records (
                      zone TEXT NOT NULL REFERENCES zones (name),
                      label TEXT NOT NULL,
                      device_id TEXT NOT NULL,
                      ipv4 TEXT,
                      ipv6 TEXT,
                      fields TEXT NOT NULL,
                      user_agent TEXT NOT NULL,
                      source_addr TEXT NOT NULL,
                      created_at BIGINT NOT NULL,
                      updated_at BIGINT NOT NULL,
                      last_seen_at BIGINT NOT NULL,
                      seq BIGINT NOT NULL,
                      PRIMARY KEY (zone, label))""",
                    "CREATE INDEX records_by_device ON records (zone, device_id)",
                    """
                    CREATE TABLE journal (
                      seq {seqkey},
                      zone TEXT NOT NULL,
                      label TEXT NOT NULL,
                      old_data TEXT,
                      new_data TEXT,
                      at BIGINT NOT NULL)""",
                    "CREATE INDEX journal_by_zone ON journal (zone, seq)",
                    "CREATE TABLE journal_head (id INTEGER PRIMARY KEY, last_seq BIGINT NOT NULL)",
                    "INSERT INTO journal_head (id, last_seq) VALUES (1, 0)")),
            // TXT values per name (DuckDNS txt=, ACME DNS-01), form-encoded like fields.
            new Step(2, List.of(
                    "ALTER TABLE records ADD COLUMN txt TEXT NOT NULL DEFAULT ''")),
            // Several nodes on one database: which batch wrote an entry (to resolve a commit whose
            // outcome the connection lost; looked up after a known position, so by the primary
            // key, with no index of its own), and the token nonces spent (replay across nodes and
            // restarts). Keyed by expiry first: tokens are minted about now, so a batch's nonces
            // land together at the end of the index instead of dirtying a page each, and pruning
            // reads a prefix.
            new Step(3, List.of(
                    "ALTER TABLE journal ADD COLUMN origin TEXT",
                    """
                    CREATE TABLE spent_nonces (
                      expires_at BIGINT NOT NULL,
                      nonce TEXT NOT NULL,
                      PRIMARY KEY (expires_at, nonce)){keyedTable}""")),
            // The operator's view: each journal entry names its device (a device's history is an
            // index range, across renames) and who asked beyond the device (an admin token's
            // name); an entry with an empty label is a device blocked or unblocked, whose state
            // lives in device_blocks. Admin tokens are kept as SHA-256 hashes only.
            new Step(4, List.of(
                    "ALTER TABLE journal ADD COLUMN device_id TEXT",
                    "ALTER TABLE journal ADD COLUMN actor TEXT",
                    "CREATE INDEX journal_by_device ON journal (zone, device_id, seq)",
                    """
                    CREATE TABLE device_blocks (
                      zone TEXT NOT NULL,
                      device_id TEXT NOT NULL,
                      blocked_at BIGINT NOT NULL,
                      PRIMARY KEY (zone, device_id))""",
                    """
                    CREATE TABLE admin_tokens (
                      name TEXT PRIMARY KEY,
                      scope TEXT NOT NULL,
                      hash TEXT NOT NULL UNIQUE,
                      created_at BIGINT NOT NULL)""")),
            // Webhooks: each event is written in the transaction of the change it tells of, and
            // deleted once delivered; a hook whose receiver fails waits in webhook_backoff with
            // its queue behind it, so a receiver gets events in journal order.
            new Step(5, List.of(
                    """
                    CREATE TABLE webhook_outbox (
                      hook TEXT NOT NULL,
                      seq BIGINT NOT NULL,
                      event TEXT NOT NULL,
                      body TEXT NOT NULL,
                      created_at BIGINT NOT NULL,
                      PRIMARY KEY (hook, seq))""",
                    """
                    CREATE TABLE webhook_backoff (
                      hook TEXT PRIMARY KEY,
                      attempts INTEGER NOT NULL,
                      next_at BIGINT NOT NULL)""")),
            // The device list by last-seen time, and silent devices, as an index range.
            new Step(6, List.of("CREATE INDEX records_by_last_seen ON records (zone, last_seen_at, device_id)")),
            // Version 2 tokens: each device's key generation and the highest counter a change used.
            new Step(7, List.of("""
                    CREATE TABLE device_counters (
                      zone TEXT NOT NULL,
                      device_id TEXT NOT NULL,
                      generation BIGINT NOT NULL,
                      counter BIGINT NOT NULL,
                      PRIMARY KEY (zone, device_id))""")),
            // Static secrets for third-party clients: one per device, only its SHA-256 kept; the
            // hash is unique, so a presented secret names one device.
            new Step(8, List.of("""
                    CREATE TABLE device_secrets (
                      zone TEXT NOT NULL,
                      device_id TEXT NOT NULL,
                      hash TEXT NOT NULL UNIQUE,
                      created_at BIGINT NOT NULL,
                      PRIMARY KEY (zone, device_id))""")),
            // IPv6 prefix updates: a name's interface id and prefix length (::1234:5678:9abc:def0/64)
            // when its address follows its device's prefix; NULL when the address is as given.
            new Step(9, List.of("ALTER TABLE records ADD COLUMN ipv6_iid TEXT")),
            // A name's own TTL, seconds; 0 for its zone's.
            new Step(10, List.of("ALTER TABLE records ADD COLUMN ttl INTEGER NOT NULL DEFAULT 0")),
            // A name's CNAME or MX records, one per value as "MX 10 mail.example.com.", form-encoded like txt.
            new Step(11, List.of("ALTER TABLE records ADD COLUMN rrs TEXT NOT NULL DEFAULT ''")),
            // When each TXT value was set (epoch millis, comma-separated, in the txt column's order),
            // so each expires on its own; empty for values set before.
            new Step(12, List.of("ALTER TABLE records ADD COLUMN txt_set_at TEXT NOT NULL DEFAULT ''")));

    private Migrations() {
    }

    /** The version this build of Beacon writes. */
    static int latest() {
        return STEPS.get(STEPS.size() - 1).version();
    }

    /** The database holds tables but none of Beacon's: someone else's data, never to be migrated. */
    static final class ForeignDatabase extends SQLException {
        private static final long serialVersionUID = 1L;

        ForeignDatabase(List<String> tables) {
            super("is not a Beacon database: it has tables (" + String.join(", ", tables)
                    + ") and no beacon_schema; give Beacon a new file, database or schema of its own");
        }
    }

    static void apply(Connection c, Dialect dialect) throws SQLException {
        c.setAutoCommit(false);
        try {
            dialect.lockForMigration(c);
            List<String> tables = tables(c);
            if (!tables.isEmpty() && !tables.contains("beacon_schema")) {
                throw new ForeignDatabase(tables.size() > 5 ? tables.subList(0, 5) : tables);
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS beacon_schema (version INTEGER NOT NULL)");
            }
            int current = currentVersion(c);
            if (current > latest()) {
                throw new SQLException("the database schema is version " + current
                        + ", newer than this Beacon understands (" + latest() + "); upgrade Beacon");
            }
            for (Step step : STEPS) {
                if (step.version() <= current) {
                    continue;
                }
                try (Statement s = c.createStatement()) {
                    for (String sql : step.statements()) {
                        s.execute(sql.replace("{seqkey}", dialect.seqKey()).replace("{keyedTable}", dialect.keyedTable()));
                    }
                    s.execute("DELETE FROM beacon_schema");
                    s.execute("INSERT INTO beacon_schema (version) VALUES (" + step.version() + ")");
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** The tables in the connection's own schema, lower-case. */
    private static List<String> tables(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                out.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /** For a node that must not migrate (a replica): the schema must already be this build's. */
    static void requireLatest(Connection c) throws SQLException {
        int current = tables(c).contains("beacon_schema") ? currentVersion(c) : 0;
        if (current != latest()) {
            throw new SQLException("the schema is version " + current + " and this Beacon needs " + latest()
                    + "; a replica never migrates: start a primary node on the primary database first");
        }
    }

    private static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM beacon_schema")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
