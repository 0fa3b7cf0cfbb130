package dev.beacon.store;

import java.nio.file.Path;

/**
 * A database URL Beacon can use, and the one place that knows which kind it names. Immutable.
 *
 * @param text the JDBC URL as given: {@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://HOST:PORT/DB?...}
 * @param kind which database it names
 */
public record DatabaseUrl(String text, Kind kind) {

    /** The databases Beacon stores its state in. */
    public enum Kind { SQLITE, POSTGRES }

    private static final String SQLITE_PREFIX = "jdbc:sqlite:";
    private static final String POSTGRES_PREFIX = "jdbc:postgresql:";

    /**
     * @throws IllegalArgumentException naming the two accepted forms when the text is neither
     */
    public static DatabaseUrl parse(String text) {
        if (text != null && text.startsWith(SQLITE_PREFIX) && text.length() > SQLITE_PREFIX.length()) {
            return new DatabaseUrl(text, Kind.SQLITE);
        }
        if (text != null && text.startsWith(POSTGRES_PREFIX)) {
            return new DatabaseUrl(text, Kind.POSTGRES);
        }
        throw new IllegalArgumentException("must be jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DB, not '" + text + "'");
    }

    /** The embedded database file in a data directory. */
    public static DatabaseUrl sqliteFile(Path file) {
        return new DatabaseUrl(SQLITE_PREFIX + file, Kind.SQLITE);
    }

    public boolean isSqlite() {
        return kind == Kind.SQLITE;
    }

    /** The SQLite file (without URL parameters), or null for PostgreSQL and in-memory SQLite. */
    public Path sqlitePath() {
        if (!isSqlite()) {
            return null;
        }
        String rest = text.substring(SQLITE_PREFIX.length());
        int query = rest.indexOf('?');
        String file = query < 0 ? rest : rest.substring(0, query);
        if (file.startsWith("file:")) {
            file = file.substring("file:".length());
        }
        return file.isEmpty() || file.equals(":memory:") ? null : Path.of(file);
    }

    /** The URL without credentials, for logs and the banner. */
    public String redacted() {
        return text.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public String toString() {
        return redacted();
    }
}
