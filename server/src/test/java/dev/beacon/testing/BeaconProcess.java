package dev.beacon.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar beacon.jar serve} in a child process, as an operator runs it. Ready once the
 * banner names the HTTP address. {@link #kill()} is SIGKILL; {@link #close()} kills what is left.
 */
public final class BeaconProcess implements AutoCloseable {

    private static final Pattern HTTP_LINE = Pattern.compile("\\s+HTTP\\s+(http://\\S+)");
    private static final Pattern ADMIN_LINE = Pattern.compile("\\s+admin\\s+(https?://\\S+)");

    private final Process process;
    private final URI base;
    private final List<String> output;

    private BeaconProcess(Process process, URI base, List<String> output) {
        this.process = process;
        this.base = base;
        this.output = output;
    }

    /** The jar the build made (failsafe passes its path). */
    public static Path jar() {
        String jar = System.getProperty("beacon.jar");
        if (jar == null) {
            throw new IllegalStateException("system property beacon.jar is not set; run through mvn verify");
        }
        return Path.of(jar);
    }

    /** Starts {@code beacon serve}; a null config means the embedded defaults. */
    public static BeaconProcess start(Path config, Path dataDir, String... extraArgs) throws IOException {
        return start(java.util.Map.of(), config, dataDir, extraArgs);
    }

    /** Starts {@code beacon serve} with these variables added to its environment. */
    public static BeaconProcess start(java.util.Map<String, String> environment, Path config, Path dataDir,
            String... extraArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", jar().toString(), "serve"));
        if (config != null) {
            command.addAll(List.of("--config", config.toString()));
        }
        command.addAll(List.of("--data", dataDir.toString()));
        if (!List.of(extraArgs).contains("--admin")) {
            // Tests bind ephemeral ports only; the admin listener's default is a fixed one.
            command.addAll(List.of("--admin", "127.0.0.1:0"));
        }
        command.addAll(List.of(extraArgs));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process p = builder.start();
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<URI> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                    Matcher m = HTTP_LINE.matcher(line);
                    if (m.find()) {
                        ready.complete(URI.create(m.group(1)));
                    }
                }
            } catch (IOException e) {
                // The process went away; the output so far stays in lines.
            }
            ready.completeExceptionally(new IOException("beacon exited before it was ready: " + lines));
        }, "beacon-child-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new BeaconProcess(p, ready.get(60, TimeUnit.SECONDS), lines);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IOException("beacon did not start: " + lines, e);
        }
    }

    /** The server process's id, to send it a signal. */
    public long pid() {
        return process.pid();
    }

    public URI base() {
        return base;
    }

    /** The admin listener's base URL, from the start-up banner. */
    public URI adminBase() {
        for (String line : output()) {
            Matcher m = ADMIN_LINE.matcher(line);
            if (m.find()) {
                return URI.create(m.group(1));
            }
        }
        throw new IllegalStateException("no admin listener in " + output());
    }

    public List<String> output() {
        return List.copyOf(output);
    }

    /** Waits (up to 30 s) until a line containing {@code text} has been printed; returns all output. */
    public String awaitOutput(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String all = String.join("\n", output());
            if (all.contains(text)) {
                return all;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no line containing '" + text + "' in " + output());
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * SIGTERM, without waiting. Through the process handle: {@code Process.destroy()} would also
     * close our end of the output pipe, losing what the server prints while it stops.
     */
    public void signalTerm() {
        process.toHandle().destroy();
    }

    /** Waits for the process to end; -1 if it has not ended in time. */
    public int awaitExit(Duration wait) throws InterruptedException {
        return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** SIGTERM, then wait for the exit status. */
    public int stop(Duration wait) throws InterruptedException {
        signalTerm();
        if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
