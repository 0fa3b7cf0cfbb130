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
            // Several nodes may start at once against one database; one migrates, the others wait.
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(7234100861)");
            }
        }
    };

    abstract String seqKey();

    abstract void lockForMigration(Connection c) throws SQLException;

    static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRES;
        }
        throw new IllegalArgumentException("unsupported database URL '" + jdbcUrl
                + "': use jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DB");
    }
}
