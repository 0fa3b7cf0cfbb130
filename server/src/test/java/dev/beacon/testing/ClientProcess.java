package dev.beacon.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a third-party client program once, in the foreground, and makes sure it is gone
 * afterwards: a DDNS client left running as a daemon would go on updating after the test.
 */
public final class ClientProcess {

    /** What the program did. */
    public record Run(int status, String output) {
    }

    private ClientProcess() {
    }

    public static Run run(Path workDir, List<String> command) throws IOException, InterruptedException {
        return run(workDir, command, java.util.Map.of());
    }

    /** As {@link #run(Path, List)}, with these variables added to its environment. */
    public static Run run(Path workDir, List<String> command, java.util.Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process p = builder.start();
        p.getOutputStream().close();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not finish within 60 s: " + out);
        }
        if (p.descendants().anyMatch(ProcessHandle::isAlive)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            throw new AssertionError(command.get(0) + " left a process running");
        }
        return new Run(p.exitValue(), out);
    }
}
