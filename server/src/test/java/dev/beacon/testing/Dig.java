package dev.beacon.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the real {@code dig} (Debian bind9-dnsutils) against 127.0.0.1 and reads its output as a
 * person would: status, flags, sections.
 */
public final class Dig {

    /** What dig printed, picked apart. */
    public record Answer(String output, String status, List<String> flags, List<String> answer, List<String> authority,
            List<String> additional) {

        public boolean hasFlag(String flag) {
            return flags.contains(flag);
        }

        /** The EDNS line ({@code ; EDNS: version: 0, flags:; udp: 1232}), or null. */
        public String edns() {
            for (String line : output.split("\n")) {
                if (line.startsWith("; EDNS:")) {
                    return line;
                }
            }
            return null;
        }
    }

    private static final Pattern STATUS = Pattern.compile("status: ([A-Z]+)");
    private static final Pattern FLAGS = Pattern.compile(";; flags: ([a-z ]+);");

    private Dig() {
    }

    /** {@code dig @127.0.0.1 -p PORT ARGS...} with one try and a short timeout. */
    public static Answer ask(int port, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("dig", "@127.0.0.1", "-p", Integer.toString(port),
                "+time=3", "+tries=1", "+norec"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        // Read while dig writes: a transfer's output outgrows the pipe, and dig would block on it.
        java.util.concurrent.CompletableFuture<byte[]> output = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return p.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("dig did not finish: " + command);
        }
        String out = new String(output.join(), StandardCharsets.UTF_8);
        Matcher s = STATUS.matcher(out);
        Matcher f = FLAGS.matcher(out);
        return new Answer(out, s.find() ? s.group(1) : null, f.find() ? List.of(f.group(1).strip().split(" ")) : List.of(),
                section(out, "ANSWER"), section(out, "AUTHORITY"), section(out, "ADDITIONAL"));
    }

    private static List<String> section(String out, String name) {
        List<String> lines = new ArrayList<>();
        boolean in = false;
        for (String line : out.split("\n")) {
            if (line.startsWith(";; " + name + " SECTION:")) {
                in = true;
                continue;
            }
            if (in) {
                if (line.isBlank() || line.startsWith(";;")) {
                    break;
                }
                lines.add(line.replaceAll("\\s+", " ").strip());
            }
        }
        return lines;
    }
}
