package dev.beacon.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The few places where SQLite and PostgreSQL need different SQL. */
enum Dialect {
    SQLITE {
        @Override
        String seqKey() {
            // INTEGER PRIMARY KEY makes seq the rowid: the journal is stored in seq order.
            return "INTEGER PRIMARY KEY";
        }

        @Override
        void lockForMigration(Connection c) {
            // The connection's transactions are IMMEDIATE: the first statement takes the write lock.
        }

        @Override
        String keyedTable() {
            // The primary key is the table: one B-tree to write per row, not a rowid table and an index.
            return " WITHOUT ROWID";
        }

        @Override
        String lockHead() {
            // BEGIN IMMEDIATE already holds the database's one write lock.
            return "SELECT last_seq FROM journal_head WHERE id = 1";
        }

        @Override
        void notifyCommitted(Connection c, long head) {
            // One process per SQLite file: nobody to tell.
        }
    },
    POSTGRES {
        @Override
        String seqKey() {
            return "BIGINT PRIMARY KEY";
        }

        @Override
        void lockForMigration(Connection c) throws SQLException {
            // Several nodes may start at once against one database; one migrates, the others wait.
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(7234100861)");
            }
        }

        @Override
        String keyedTable() {
            return "";
        }

        @Override
        String lockHead() {
            // Held to the end of the transaction: every writer of every node queues here.
            return "SELECT last_seq FROM journal_head WHERE id = 1 FOR UPDATE";
        }

        @Override
        void notifyCommitted(Connection c, long head) throws SQLException {
            // Delivered at commit, only if the transaction commits (PostgreSQL NOTIFY semantics).
            try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT pg_notify('" + CHANNEL + "', ?)")) {
                ps.setString(1, Long.toString(head));
                ps.execute();
            }
        }
    };

    /** An isolation level at which a transaction's reads see one snapshot of the database. */
    int snapshotIsolation() {
        return this == SQLITE ? Connection.TRANSACTION_SERIALIZABLE : Connection.TRANSACTION_REPEATABLE_READ;
    }

    /** The LISTEN/NOTIFY channel every commit notifies. */
    static final String CHANNEL = "beacon_journal";

    /**
     * Whether a commit must ask the database which nonces were spent: yes where other nodes
     * write; no for SQLite, whose one process seeds its replay cache from the table at start.
     */
    boolean checksSpentNonces() {
        return this == POSTGRES;
    }

    /**
     * Whether a failed COMMIT's outcome can be learnt by reading the journal back: yes for
     * PostgreSQL, whose server decided it durably whatever the connection did; no for SQLite,
     * where the failure is this machine's disk (a failed fsync), and pages read back from the
     * page cache may never reach the disk.
     */
    boolean journalSettlesFailedCommit() {
        return this == POSTGRES;
    }

    /**
     * Whether an error is the disk failing under the database rather than the statement:
     * SQLite's I/O error, full disk, corruption (primary result codes 10, 13, 11, 26);
     * PostgreSQL's disk full and I/O error classes (53100, 58030).
     */
    boolean isDiskFault(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                if (this == SQLITE) {
                    int code = s.getErrorCode() & 0xFF;
                    if (code == 10 || code == 11 || code == 13 || code == 26) {
                        return true;
                    }
                } else if ("53100".equals(s.getSQLState()) || "58030".equals(s.getSQLState())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** What follows CREATE TABLE (...) for a table looked up only by its primary key. */
    abstract String keyedTable();

    /** Reads the journal head, locking it against every other writer until the transaction ends. */
    abstract String lockHead();

    /** Tells the other nodes that the journal moved, as part of the committing transaction. */
    abstract void notifyCommitted(Connection c, long head) throws SQLException;

    abstract String seqKey();

    abstract void lockForMigration(Connection c) throws SQLException;

    static Dialect of(DatabaseUrl url) {
        return url.isSqlite() ? SQLITE : POSTGRES;
    }
}
