package dev.beacon.cli;

import dev.beacon.admin.AdminTokenHash;
import dev.beacon.config.BeaconConfig;
import dev.beacon.config.ConfigException;
import dev.beacon.config.ConfigLoader;
import dev.beacon.config.Overrides;
import dev.beacon.store.AdminToken;
import dev.beacon.store.JdbcStore;
import dev.beacon.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code beacon admin-token}: operators' bearer tokens for the operator API, kept in the server's
 * database (so every node of a cluster knows them) as hashes only. Works while the server runs.
 */
@Command(name = "admin-token", mixinStandardHelpOptions = true,
        description = "Create, list or revoke the bearer tokens of the operator API (docs/ADMIN.md).",
        subcommands = {AdminTokenCommand.Create.class, AdminTokenCommand.ListTokens.class, AdminTokenCommand.Revoke.class})
final class AdminTokenCommand extends CommandGroup {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    /** Where the tokens live: the server's database, from its config. */
    static final class Database {
        @Option(names = "--config", paramLabel = "FILE", description = "The server's YAML config file.")
        Path config;

        @Option(names = "--data", paramLabel = "DIR", description = "Data directory (storage.data-dir).")
        Path data;

        @Option(names = "--db", paramLabel = "JDBC_URL", description = "Database (storage.db).")
        String db;

        /** The store, schema brought up to date; null after printing why not. */
        JdbcStore open(String command) {
            BeaconConfig loaded;
            try {
                loaded = ConfigLoader.load(config, new Overrides(null, null, null, null, data, db, null, null, null,
                        null, false));
            } catch (ConfigException e) {
                System.err.println("beacon admin-token " + command + ": config error: " + e.getMessage());
                return null;
            }
            try {
                Path file = loaded.store().url().sqlitePath();
                if (file != null) {
                    Files.createDirectories(file.toAbsolutePath().getParent());
                }
                JdbcStore store = JdbcStore.connect(loaded.store());
                try {
                    store.migrate();
                } catch (StoreException e) {
                    store.close();
                    throw e;
                }
                return store;
            } catch (StoreException | IOException e) {
                System.err.println("beacon admin-token " + command + ": " + e.getMessage());
                return null;
            }
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a token and print it once, on the last line of output; only its hash is kept."})
    static final class Create implements Callable<Integer> {
        @Option(names = "--name", required = true, paramLabel = "NAME",
                description = "Who or what holds it (letters, digits, . _ @ -); the journal records it with every change it makes.")
        String name;

        @Option(names = "--scope", required = true, paramLabel = "read|write",
                description = "read: see devices, zones, history and reports; write: also block, unblock and release names.")
        String scope;

        @Mixin
        Database database;

        @Override
        public Integer call() {
            AdminToken.Scope parsed = AdminToken.Scope.parse(scope.toLowerCase(Locale.ROOT));
            if (parsed == null) {
                System.err.println("beacon admin-token create: --scope: read or write, not '" + scope + "'");
                return 2;
            }
            if (!NAME.matcher(name).matches()) {
                System.err.println("beacon admin-token create: --name: 1 to 64 letters, digits, '.', '_', '@' or '-'"
                        + " starting with a letter or digit");
                return 2;
            }
            try (JdbcStore store = database.open("create")) {
                if (store == null) {
                    return 1;
                }
                String token = AdminTokenHash.newToken(new SecureRandom());
                if (!store.addAdminToken(new AdminToken(name, parsed, System.currentTimeMillis()),
                        AdminTokenHash.of(token))) {
                    System.err.println("beacon admin-token create: a token named '" + name
                            + "' exists; revoke it first or choose another name");
                    return 1;
                }
                System.out.println("Created admin token '" + name + "' (" + parsed.text()
                        + "). It is shown once and cannot be recovered; send it as 'Authorization: Bearer TOKEN':");
                System.out.println(token);
                return 0;
            } catch (StoreException e) {
                System.err.println("beacon admin-token create: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the tokens: name, scope, when made (never the tokens).")
    static final class ListTokens implements Callable<Integer> {
        @Mixin
        Database database;

        @Override
        public Integer call() {
            try (JdbcStore store = database.open("list")) {
                if (store == null) {
                    return 1;
                }
                List<AdminToken> tokens = store.adminTokens();
                System.out.printf(Locale.ROOT, "%-24s %-6s %s%n", "NAME", "SCOPE", "CREATED");
                for (AdminToken t : tokens) {
                    System.out.printf(Locale.ROOT, "%-24s %-6s %s%n", t.name(), t.scope().text(),
                            Instant.ofEpochMilli(t.createdMillis()));
                }
                return 0;
            } catch (StoreException e) {
                System.err.println("beacon admin-token list: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a token by name; every node refuses it from its next request.")
    static final class Revoke implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "The token's name.")
        String name;

        @Mixin
        Database database;

        @Override
        public Integer call() {
            try (JdbcStore store = database.open("revoke")) {
                if (store == null) {
                    return 1;
                }
                if (!store.revokeAdminToken(name)) {
                    System.err.println("beacon admin-token revoke: no token named '" + name + "'");
                    return 1;
                }
                System.out.println("Revoked admin token '" + name + "'.");
                return 0;
            } catch (StoreException e) {
                System.err.println("beacon admin-token revoke: " + e.getMessage());
                return 1;
            }
        }
    }
}
