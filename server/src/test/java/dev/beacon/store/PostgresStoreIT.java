package dev.beacon.store;

import dev.beacon.testing.Postgres;
import org.junit.jupiter.api.AfterEach;

/** The store contract on the real PostgreSQL (skipped with a reason when it is unreachable). */
class PostgresStoreIT extends StoreContract {

    private String url;

    @Override
    String freshUrl() {
        url = Postgres.freshSchemaUrl();
        return url;
    }

    @Override
    String currentUrl() {
        return url;
    }

    @AfterEach
    void drop() {
        Postgres.dropSchema(url);
    }
}
