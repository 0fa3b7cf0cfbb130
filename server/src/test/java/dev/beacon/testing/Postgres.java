package dev.beacon.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL the tests use: 127.0.0.1:5432, user postgres, database test. Each caller gets a
 * schema of its own, dropped by {@link #dropSchema}. When the server is unreachable the test is
 * skipped with the reason printed, unless {@code BEACON_REQUIRE_PG=1} (CI), where it fails.
 */
public final class Postgres {

    public static final String BASE = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private Postgres() {
    }

    /** A URL whose current schema is new and empty. */
    public static String freshSchemaUrl() {
        String schema = "beacon_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(BASE + "&connectTimeout=3");
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            unreachable(e);
        }
        return BASE + "&currentSchema=" + schema;
    }

    public static void dropSchema(String url) {
        if (url == null) {
            return;
        }
        String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
        try (Connection c = DriverManager.getConnection(BASE); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            // The database went away; nothing left to clean.
        }
    }

    private static void unreachable(SQLException e) {
        String reason = "PostgreSQL at 127.0.0.1:5432 (user postgres, database test) is unreachable: " + e.getMessage();
        if ("1".equals(System.getenv("BEACON_REQUIRE_PG"))) {
            throw new IllegalStateException(reason + " (BEACON_REQUIRE_PG=1)", e);
        }
        System.err.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
    }
}
