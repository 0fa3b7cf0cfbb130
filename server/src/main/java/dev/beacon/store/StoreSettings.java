package dev.beacon.store;

import java.time.Duration;

/**
 * How to reach the database.
 *
 * @param url the database
 * @param lockTimeout how long a statement waits for a lock (SQLite busy timeout, PostgreSQL
 *     lock_timeout) before the attempt fails with 12
 * @param connectTimeout how long to wait for a connection before failing
 * @param statementTimeout how long one statement may take over the network (PostgreSQL)
 * @param role whether this node writes, or only follows the journal (a DNS-only node on a
 *     PostgreSQL streaming replica)
 */
public record StoreSettings(DatabaseUrl url, Duration lockTimeout, Duration connectTimeout, Duration statementTimeout,
        Role role) {

    /** What a node does with the database. */
    public enum Role {
        /** Reads and writes (a primary, or SQLite). */
        PRIMARY,
        /** Only reads: loads the state and follows the journal by polling; never writes, never migrates. */
        REPLICA
    }

    /** Default timeouts for a URL that must parse ({@link DatabaseUrl#parse}). */
    public static StoreSettings of(String jdbcUrl) {
        return new StoreSettings(DatabaseUrl.parse(jdbcUrl), Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(30), Role.PRIMARY);
    }
}
