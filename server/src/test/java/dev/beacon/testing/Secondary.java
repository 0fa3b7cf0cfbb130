package dev.beacon.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real secondary name server (Knot, BIND or NSD, from Debian's packages) in the foreground on
 * 127.0.0.1 and a free port, following Beacon's zone {@code ddns.test} with a TSIG key. Its
 * configuration comes from {@code src/test/resources/secondaries/}, the files docs/OPERATIONS.md
 * shows; it logs to {@link #log()}. Stopped by its PID.
 */
public final class Secondary implements AutoCloseable {

    /**
     * The kinds: the configuration template each reads, and the command that runs it. KNOT, BIND
     * and NSD follow {@code ddns.test}; the CATALOG kinds follow the catalog zone
     * {@code catalog.beacon.invalid} and, through it, every zone it lists.
     */
    public enum Kind {
        KNOT("knot.conf", "knotd", "-c"),
        BIND("named.conf", "named", "-g", "-n", "1", "-c"),
        NSD("nsd.conf", "nsd", "-d", "-c"),
        KNOT_CATALOG("knot-catalog.conf", "knotd", "-c"),
        BIND_CATALOG("named-catalog.conf", "named", "-g", "-n", "1", "-c");

        private final String template;
        private final List<String> command;

        Kind(String template, String... command) {
            this.template = template;
            this.command = List.of(command);
        }

        /** The configuration template, with {@code {DIR}}, {@code {PORT}}, {@code {PRIMARY_PORT}}, {@code {KEY}}, {@code {SECRET}}. */
        public String template() throws IOException {
            try (InputStream in = Secondary.class.getResourceAsStream("/secondaries/" + template)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }

        /** A secondary with a port of its own, not started: the primary's config names the port first. */
        public Secondary create(Path dir, String keyName, String secretBase64) throws IOException {
            Files.createDirectories(dir);
            for (String sub : List.of("run", "db", "zones")) {
                Files.createDirectories(dir.resolve(sub));
            }
            return new Secondary(this, dir, FreePort.tcpAndUdp(), keyName, secretBase64);
        }
    }

    private final Kind kind;
    private final Path dir;
    private final int port;
    private final String keyName;
    private final String secret;
    private Process process;

    private Secondary(Kind kind, Path dir, int port, String keyName, String secret) {
        this.kind = kind;
        this.dir = dir;
        this.port = port;
        this.keyName = keyName;
        this.secret = secret;
    }

    public int port() {
        return port;
    }

    /** The configuration file's text, following a primary on 127.0.0.1 at {@code primaryPort}. */
    public String config(int primaryPort) throws IOException {
        String text = kind.template();
        for (Map.Entry<String, String> v : Map.of("{DIR}", dir.toString(), "{PORT}", Integer.toString(port),
                "{PRIMARY_PORT}", Integer.toString(primaryPort), "{KEY}", keyName, "{SECRET}", secret).entrySet()) {
            text = text.replace(v.getKey(), v.getValue());
        }
        return text;
    }

    /** Writes the configuration and starts the daemon; returns once it answers on its port. */
    public Secondary start(int primaryPort) throws IOException, InterruptedException {
        Path file = dir.resolve(kind.template);
        Files.writeString(file, config(primaryPort));
        List<String> command = new java.util.ArrayList<>(kind.command);
        command.add(file.toString());
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("daemon.log").toFile())).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(kind + " exited at start:\n" + log());
            }
            if (Dig.ask(port, "+time=1", "ddns.test", "SOA").status() != null) {
                // Answering at all (a catalog follower may not have the zone yet) means it is up.
                return this;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(kind + " does not answer:\n" + log());
    }

    /** Stops the daemon (SIGTERM to the PID we started) and waits for it. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** What the daemon has logged so far. */
    public String log() {
        try {
            Path log = dir.resolve("daemon.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** The serial of {@code ddns.test} as it serves it, or -1 when it has none yet. */
    public long serial() throws IOException, InterruptedException {
        return serial("ddns.test");
    }

    /** The serial of a zone as it serves it, or -1 when it has none yet. */
    public long serial(String zone) throws IOException, InterruptedException {
        Dig.Answer soa = Dig.ask(port, "+time=1", zone, "SOA");
        for (String line : soa.answer()) {
            String[] f = line.split("\\s+");
            if (f.length >= 7 && f[3].equals("SOA")) {
                return Long.parseLong(f[6]);
            }
        }
        return -1;
    }

    /** Waits until it serves {@code ddns.test} at {@code serial}. */
    public void awaitSerial(long serial, Duration within) throws IOException, InterruptedException {
        awaitSerial("ddns.test", serial, within);
    }

    /** Waits until it serves {@code zone} at {@code serial}. */
    public void awaitSerial(String zone, long serial, Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            seen = serial(zone);
            if (seen == serial) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(kind + " serves " + zone + " at serial " + seen + ", not " + serial + ", after "
                + within + "; its log:\n" + log());
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
