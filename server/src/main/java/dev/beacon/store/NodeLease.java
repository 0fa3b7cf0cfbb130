package dev.beacon.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Proof that this process is the only one using a SQLite file, held for as long as the store is
 * open: an OS lock on {@code FILE.lock} beside the database, released by the OS however the
 * process ends. SQLite is the single-node store (several nodes share PostgreSQL, where the journal
 * lock orders their commits), so a second process on the same file is refused at start-up.
 */
final class NodeLease implements AutoCloseable {

    private final AutoCloseable held;

    private NodeLease(AutoCloseable held) {
        this.held = held;
    }

    static NodeLease acquire(DatabaseUrl url) throws StoreException {
        return url.isSqlite() ? sqlite(url) : new NodeLease(() -> { });
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
                throw new StoreException(db + " is in use by another Beacon process (it holds " + lockFile
                        + "); a SQLite file serves one node: stop the other process first, or share PostgreSQL"
                        + " between several nodes");
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
