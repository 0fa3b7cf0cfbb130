package dev.beacon.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Proof that this process is the only Beacon node using a database, held for as long as the
 * store is open. Each node decides who owns a name against its own in-memory snapshot, so two
 * nodes on one database would hand one name to two devices; until nodes follow each other's
 * commits, a second node is refused at start-up rather than allowed to corrupt ownership.
 *
 * <p>PostgreSQL: a session advisory lock keyed by the schema, on a connection of its own (the
 * server releases it when that session ends, so a crashed node never blocks its successor).
 * SQLite: an OS lock on {@code FILE.lock} beside the database, released by the OS on exit.
 */
final class NodeLease implements AutoCloseable {

    /** Advisory-lock class id: "BEAC". The object id is the schema's hash, so schemas do not collide. */
    private static final int LOCK_CLASS = 0x42454143;

    private final AutoCloseable held;

    private NodeLease(AutoCloseable held) {
        this.held = held;
    }

    static NodeLease acquire(DatabaseUrl url, StoreSettings settings) throws StoreException {
        return url.isSqlite() ? sqlite(url) : postgres(url, settings);
    }

    private static NodeLease sqlite(DatabaseUrl url) throws StoreException {
        Path db = url.sqlitePath();
        if (db == null) {
            return new NodeLease(() -> { });
        }
        Path lockFile = db.resolveSibling(db.getFileName() + ".lock");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                channel.close();
                throw new StoreException(db + " is in use by another Beacon node (it holds " + lockFile
                        + "); Beacon runs one node per database: stop the other node first");
            }
            FileChannel open = channel;
            return new NodeLease(() -> {
                lock.release();
                open.close();
            });
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StoreException("cannot lock " + lockFile + ": " + e.getMessage(), e);
        }
    }

    /** Null when another process, or another store in this one, holds the lock. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static NodeLease postgres(DatabaseUrl url, StoreSettings settings) throws StoreException {
        Properties props = new Properties();
        props.setProperty("connectTimeout", Long.toString(Math.max(1, settings.connectTimeout().toSeconds())));
        props.setProperty("ApplicationName", "beacon node " + ProcessHandle.current().pid() + "@" + hostName());
        props.setProperty("tcpKeepAlive", "true");
        Connection c;
        try {
            c = DriverManager.getConnection(url.text(), props);
        } catch (SQLException e) {
            throw new StoreException("cannot open database " + url + ": " + e.getMessage(), e);
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT pg_try_advisory_lock(?, hashtext(current_schema())), current_schema()")) {
            ps.setInt(1, LOCK_CLASS);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    String holder = holder(c);
                    c.close();
                    throw new StoreException(url + " (schema " + rs.getString(2) + ") is in use by another Beacon node"
                            + holder + "; Beacon runs one node per database: stop the other node first");
                }
            }
            return new NodeLease(c);
        } catch (SQLException e) {
            closeQuietly(c);
            throw new StoreException("cannot take the node lease on " + url + ": " + e.getMessage(), e);
        }
    }

    /** Who holds the lease, as " (NAME from ADDRESS)" when PostgreSQL lets us see it. */
    private static String holder(Connection c) {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT a.application_name, coalesce(host(a.client_addr), 'a local socket')
                FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ?::oid
                  AND l.objid = hashtext(current_schema())::oid LIMIT 1""")) {
            ps.setLong(1, LOCK_CLASS);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? " (" + rs.getString(1) + " from " + rs.getString(2) + ")" : "";
            }
        } catch (SQLException e) {
            return "";
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                // Already failing; the first error is the one reported.
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(held);
    }
}
