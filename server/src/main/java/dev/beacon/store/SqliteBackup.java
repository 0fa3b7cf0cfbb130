package dev.beacon.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Backing up and restoring a node's SQLite file. A backup is {@code VACUUM INTO}: one read
 * transaction, so the copy is the database at one commit however many writes the running server
 * makes meanwhile, and it is written compact and complete (no WAL beside it). A restore replaces
 * the database only while no process holds it (the node lease), removes the old file's WAL and
 * shared memory (which would otherwise be replayed onto the restored file), and moves the copy
 * into place in one rename after forcing it to disk. Stateless.
 */
public final class SqliteBackup {

    private SqliteBackup() {
    }

    /**
     * Writes a consistent copy of the database to {@code to}, which must not exist.
     *
     * @return the journal head the copy holds
     */
    public static long backup(DatabaseUrl db, Path to) throws StoreException {
        Path file = requireSqliteFile(db);
        if (Files.exists(to)) {
            throw new StoreException(to + " exists; give a new file name (a backup never overwrites)");
        }
        try (Connection c = DriverManager.getConnection(db.text()); Statement s = c.createStatement()) {
            s.setQueryTimeout(600);
            s.execute("PRAGMA busy_timeout = 10000");
            s.executeUpdate("VACUUM INTO '" + to.toAbsolutePath().toString().replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new StoreException("cannot back up " + file + " to " + to + ": " + e.getMessage(), e);
        }
        forceToDisk(to);
        return head(to);
    }

    /**
     * Replaces the database with the backup {@code from}: refused while a server (or any Beacon
     * process) holds the database, or when a database is there and {@code replace} is false.
     *
     * @return the journal head the restored database holds
     */
    public static long restore(Path from, DatabaseUrl db, boolean replace) throws StoreException {
        Path file = requireSqliteFile(db);
        long head = head(from);
        NodeLease lease = NodeLease.acquire(db);
        try {
            if (Files.exists(file) && !replace) {
                throw new StoreException(file + " exists; --replace puts the backup in its place");
            }
            Path temp = file.resolveSibling(file.getFileName() + ".restoring");
            try {
                Files.copy(from, temp, StandardCopyOption.REPLACE_EXISTING);
                forceToDisk(temp);
            } catch (IOException | StoreException e) {
                // A copy cut short (a full disk) leaves the database as it was and no half file beside it.
                Files.deleteIfExists(temp);
                throw e;
            }
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-wal"));
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-shm"));
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceToDisk(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new StoreException("cannot restore " + from + " to " + file + ": " + e.getMessage(), e);
        } finally {
            lease.close();
        }
        return head;
    }

    private static Path requireSqliteFile(DatabaseUrl db) throws StoreException {
        Path file = db.sqlitePath();
        if (file == null) {
            throw new StoreException(db.text() + " is not a SQLite file: back PostgreSQL up with pg_dump, and restore it"
                    + " with pg_restore or psql");
        }
        return file;
    }

    /** The journal head of a Beacon database file; a file that is not one is refused. */
    private static long head(Path file) throws StoreException {
        if (!Files.isRegularFile(file)) {
            throw new StoreException(file + " is not a file");
        }
        // Immutable: read without locks or a shared-memory file, so nothing is created beside the file.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + file.toAbsolutePath() + "?immutable=1");
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
                if (!rs.next() || !"ok".equals(rs.getString(1))) {
                    throw new StoreException(file + " is damaged (SQLite quick_check failed)");
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT last_seq FROM journal_head WHERE id = 1")) {
                if (!rs.next()) {
                    throw new StoreException(file + " is not a Beacon database (no journal head)");
                }
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException(file + " is not a Beacon database: " + e.getMessage(), e);
        }
    }

    private static void forceToDisk(Path path) throws StoreException {
        try (FileChannel channel = FileChannel.open(path, Files.isDirectory(path)
                ? new StandardOpenOption[] {StandardOpenOption.READ} : new StandardOpenOption[] {StandardOpenOption.WRITE})) {
            channel.force(true);
        } catch (IOException e) {
            throw new StoreException("cannot force " + path + " to disk: " + e.getMessage(), e);
        }
    }
}
