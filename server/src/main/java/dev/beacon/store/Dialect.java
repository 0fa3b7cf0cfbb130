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
    },
    POSTGRES {
        @Override
        String seqKey() {
            return "BIGINT PRIMARY KEY";
        }

        @Override
        void lockForMigration(Connection c) throws SQLException {
            // Belt and braces beside the node lease: two migrations never interleave.
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(7234100861)");
            }
        }
    };

    abstract String seqKey();

    abstract void lockForMigration(Connection c) throws SQLException;

    static Dialect of(DatabaseUrl url) {
        return url.isSqlite() ? SQLITE : POSTGRES;
    }
}
