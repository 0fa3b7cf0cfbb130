package dev.beacon.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * BIND's {@code nsupdate} (bind9-dnsutils) sending one script of RFC 2136 commands to a Beacon
 * DNS listener on loopback, signed with {@code -y} when a key is given.
 */
public final class Nsupdate {

    /** What nsupdate printed, and its exit code (0: every update answered NOERROR). */
    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private Nsupdate() {
    }

    /**
     * Runs nsupdate with {@code server 127.0.0.1 PORT} and then the script's lines ({@code send}
     * appended when the script lacks it).
     *
     * @param key {@code hmac-sha256:NAME:SECRET} as {@code -y} takes it, or null to send unsigned
     * @param tcp {@code -v}: over TCP rather than UDP
     */
    public static Result run(int port, String key, boolean tcp, String script) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("nsupdate", "-t", "5", "-u", "2", "-r", "1"));
        if (tcp) {
            command.add("-v");
        }
        if (key != null) {
            command.addAll(List.of("-y", key));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String input = "server 127.0.0.1 " + port + "\n" + script.strip() + "\n"
                + (script.strip().endsWith("send") ? "" : "send\n") + "quit\n";
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("nsupdate did not finish: " + script);
        }
        return new Result(p.exitValue(), out);
    }
}
