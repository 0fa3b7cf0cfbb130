package dev.beacon.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL primary and a hot-standby streaming replica of it, made for one test with the
 * machine's own PostgreSQL binaries (initdb, pg_basebackup, pg_ctl) on two free loopback ports, run
 * as the postgres user, and stopped by {@link #close()}. Skipped with a printed reason where the
 * binaries or the postgres user are missing, unless {@code BEACON_REQUIRE_PG=1}.
 */
public final class StreamingReplica implements AutoCloseable {

    private final Path bin;
    private final Path primaryDir;
    private final Path replicaDir;
    private final int primaryPort;
    private final int replicaPort;

    private StreamingReplica(Path bin, Path root, int primaryPort, int replicaPort) {
        this.bin = bin;
        this.primaryDir = root.resolve("primary");
        this.replicaDir = root.resolve("replica");
        this.primaryPort = primaryPort;
        this.replicaPort = replicaPort;
    }

    public static StreamingReplica start(Path root) throws Exception {
        Path bin = binaries();
        Files.createDirectories(root);
        chownToPostgres(root);
        StreamingReplica pair = new StreamingReplica(bin, root, FreePort.tcp(), FreePort.tcp());
        try {
            pair.startPrimary();
            pair.startReplica();
            return pair;
        } catch (Exception e) {
            pair.close();
            throw e;
        }
    }

    /** The primary's JDBC URL (user postgres, database postgres). */
    public String primaryUrl() {
        return "jdbc:postgresql://127.0.0.1:" + primaryPort + "/postgres?user=postgres";
    }

    /** The replica's JDBC URL: every transaction is read-only, as on any hot standby. */
    public String replicaUrl() {
        return "jdbc:postgresql://127.0.0.1:" + replicaPort + "/postgres?user=postgres";
    }

    private void startPrimary() throws Exception {
        run(bin.resolve("initdb").toString(), "-D", primaryDir.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8");
        Files.writeString(primaryDir.resolve("pg_hba.conf"), "local all all trust\nhost all all 127.0.0.1/32 trust\n"
                + "host replication all 127.0.0.1/32 trust\n");
        Files.writeString(primaryDir.resolve("postgresql.conf"), "\nlisten_addresses = '127.0.0.1'\nport = " + primaryPort
                + "\nunix_socket_directories = '" + primaryDir + "'\nwal_level = replica\nmax_wal_senders = 4\n"
                + "fsync = off\n", java.nio.file.StandardOpenOption.APPEND);
        pgCtl(primaryDir, "start");
        awaitReady(primaryUrl());
    }

    private void startReplica() throws Exception {
        run(bin.resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p", Integer.toString(primaryPort), "-U",
                "postgres", "-D", replicaDir.toString(), "-R", "-X", "stream");
        Files.writeString(replicaDir.resolve("postgresql.conf"), "\nport = " + replicaPort + "\nunix_socket_directories = '"
                + replicaDir + "'\nhot_standby = on\n", java.nio.file.StandardOpenOption.APPEND);
        pgCtl(replicaDir, "start");
        awaitReady(replicaUrl());
    }

    private void pgCtl(Path dir, String action) throws Exception {
        run(bin.resolve("pg_ctl").toString(), "-D", dir.toString(), "-l", dir.resolve("log.txt").toString(), "-w", "-t", "60",
                action);
    }

    private static void awaitReady(String url) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Connection c = DriverManager.getConnection(url)) {
                if (c.isValid(5)) {
                    return;
                }
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(50);
        }
    }

    /** Runs a PostgreSQL program as the postgres user (PostgreSQL refuses to run as root). */
    private static void run(String... command) throws Exception {
        List<String> full = new ArrayList<>();
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            full.addAll(List.of("su", "postgres", "-s", "/bin/sh", "-c", String.join(" ", quoted(command))));
        } else {
            full.addAll(List.of(command));
        }
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static List<String> quoted(String... words) {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            out.add("'" + w.replace("'", "'\\''") + "'");
        }
        return out;
    }

    private static Path binaries() {
        try (var dirs = Files.list(Path.of("/usr/lib/postgresql"))) {
            Path bin = dirs.map(d -> d.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_basebackup")))
                    .sorted().reduce((a, b) -> b).orElse(null);
            if (bin != null) {
                return bin;
            }
        } catch (IOException e) {
            // Fall through to the skip below.
        }
        String reason = "PostgreSQL server binaries (initdb, pg_basebackup, pg_ctl) not found under /usr/lib/postgresql";
        if ("1".equals(System.getenv("BEACON_REQUIRE_PG"))) {
            throw new IllegalStateException(reason + " (BEACON_REQUIRE_PG=1)");
        }
        System.err.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
        return null;
    }

    private static void chownToPostgres(Path dir) throws Exception {
        if ("root".equals(System.getProperty("user.name"))) {
            Process p = new ProcessBuilder("chown", "-R", "postgres", dir.toString()).redirectErrorStream(true).start();
            p.waitFor(30, TimeUnit.SECONDS);
            // The temporary directory's parents must let postgres through.
            Process q = new ProcessBuilder("chmod", "o+x", dir.getParent().toString()).redirectErrorStream(true).start();
            q.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        for (Path dir : List.of(replicaDir, primaryDir)) {
            if (Files.exists(dir.resolve("postmaster.pid"))) {
                try {
                    run(bin.resolve("pg_ctl").toString(), "-D", dir.toString(), "-m", "immediate", "-w", "stop");
                } catch (Exception e) {
                    System.err.println("could not stop the test PostgreSQL in " + dir + ": " + e.getMessage());
                }
            }
        }
    }
}
