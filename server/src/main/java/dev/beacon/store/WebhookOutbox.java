package dev.beacon.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * The webhook outbox: events written with their changes, read in order per hook, deleted once
 * delivered; a hook whose receiver fails waits ({@code webhook_backoff}) with everything queued
 * behind it, so events reach a receiver in journal order. Thread-safe.
 */
final class WebhookOutbox {

    /** The PostgreSQL advisory lock the delivering node holds: one node delivers, in order. */
    private static final long DELIVERY_LOCK = 0x6265_6163_6f6e_7768L;

    private final DataSource pool;
    private final Dialect dialect;
    private final DatabaseUrl url;

    WebhookOutbox(DataSource pool, Dialect dialect, DatabaseUrl url) {
        this.pool = pool;
        this.dialect = dialect;
        this.url = url;
    }

    /** Inserts a commit's events, inside its transaction. */
    static void write(Connection c, List<OutboxEntry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO webhook_outbox (hook, seq, event, body, created_at) VALUES (?, ?, ?, ?, ?)")) {
            for (OutboxEntry e : entries) {
                ps.setString(1, e.hook());
                ps.setLong(2, e.seq());
                ps.setString(3, e.event());
                ps.setString(4, e.body());
                ps.setLong(5, e.createdMillis());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Entries of hooks not waiting out a backoff, in hook then sequence order. */
    List<OutboxEntry> due(long nowMillis, int limit) throws SQLException {
        List<OutboxEntry> out = new ArrayList<>();
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        SELECT o.hook, o.seq, o.event, o.body, o.created_at FROM webhook_outbox o
                        LEFT JOIN webhook_backoff b ON b.hook = o.hook
                        WHERE b.next_at IS NULL OR b.next_at <= ? ORDER BY o.hook, o.seq LIMIT ?""")) {
            ps.setLong(1, nowMillis);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new OutboxEntry(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getLong(5)));
                }
            }
        }
        return out;
    }

    /** The entry was delivered (or given up): it leaves the outbox, and its hook's backoff ends. */
    void done(String hook, long seq) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement del = c.prepareStatement("DELETE FROM webhook_outbox WHERE hook = ? AND seq = ?");
                    PreparedStatement clear = c.prepareStatement("DELETE FROM webhook_backoff WHERE hook = ?")) {
                del.setString(1, hook);
                del.setLong(2, seq);
                del.executeUpdate();
                clear.setString(1, hook);
                clear.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** The hook's receiver failed: it waits until {@code nextAtMillis}. */
    void backOff(String hook, int attempts, long nextAtMillis) throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_backoff (hook, attempts, next_at)"
                        + " VALUES (?, ?, ?) ON CONFLICT (hook) DO UPDATE SET attempts = excluded.attempts,"
                        + " next_at = excluded.next_at")) {
            ps.setString(1, hook);
            ps.setInt(2, attempts);
            ps.setLong(3, nextAtMillis);
            ps.executeUpdate();
        }
    }

    long pending() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM webhook_outbox")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The right to deliver, or null while another node has it. SQLite serves one node, which
     * always has it; on PostgreSQL it is a session advisory lock on a connection of its own,
     * released by the database when the node dies, so another node takes over.
     */
    DeliveryLease lease() throws SQLException {
        if (dialect != Dialect.POSTGRES) {
            return new DeliveryLease() {
                @Override
                public boolean valid() {
                    return true;
                }

                @Override
                public void close() {
                }
            };
        }
        Properties props = new Properties();
        props.setProperty("ApplicationName", "beacon webhook delivery");
        props.setProperty("tcpKeepAlive", "true");
        Connection c = DriverManager.getConnection(url.text(), props);
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, DELIVERY_LOCK);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getBoolean(1)) {
                    return new DeliveryLease() {
                        @Override
                        public boolean valid() {
                            try {
                                return c.isValid(2);
                            } catch (SQLException e) {
                                return false;
                            }
                        }

                        @Override
                        public void close() {
                            try {
                                c.close();
                            } catch (SQLException e) {
                                // Closing a dead connection: the database has let the lock go.
                            }
                        }
                    };
                }
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        c.close();
        return null;
    }
}
