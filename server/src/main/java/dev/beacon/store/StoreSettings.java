package dev.beacon.store;

import java.time.Duration;

/**
 * How to reach the database.
 *
 * @param jdbcUrl {@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://HOST:PORT/DB?user=...}
 * @param lockTimeout how long a statement waits for a lock (SQLite busy timeout, PostgreSQL
 *     lock_timeout) before the attempt fails with 12
 * @param connectTimeout how long to wait for a connection before failing
 * @param statementTimeout how long one statement may take over the network (PostgreSQL)
 */
public record StoreSettings(String jdbcUrl, Duration lockTimeout, Duration connectTimeout, Duration statementTimeout) {

    public static StoreSettings of(String jdbcUrl) {
        return new StoreSettings(jdbcUrl, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30));
    }
}
