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
 */
public record StoreSettings(DatabaseUrl url, Duration lockTimeout, Duration connectTimeout, Duration statementTimeout) {

    /** Default timeouts for a URL that must parse ({@link DatabaseUrl#parse}). */
    public static StoreSettings of(String jdbcUrl) {
        return new StoreSettings(DatabaseUrl.parse(jdbcUrl), Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(30));
    }
}
