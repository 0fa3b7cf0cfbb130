package dev.beacon.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The address printed by a shell command (like inadyn's {@code checkip-command}). */
public final class CommandAddress implements AddressSource {

    private final String command;

    public CommandAddress(String command) {
        this.command = command;
    }

    @Override
    public String detect() throws IOException {
        Process p = new ProcessBuilder(List.of("/bin/sh", "-c", command)).redirectErrorStream(true).start();
        p.getOutputStream().close();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("address command did not finish in 30 s: " + command);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.exitValue() != 0 || out.isEmpty() || out.contains("\n")) {
            throw new IOException("address command failed (exit " + p.exitValue() + "): " + out);
        }
        return out;
    }
}
