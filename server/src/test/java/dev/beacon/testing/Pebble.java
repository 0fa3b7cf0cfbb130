package dev.beacon.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Let's Encrypt's test ACME server (Debian's {@code pebble}), on loopback ports of its own,
 * resolving DNS-01 challenges through the DNS server given (Beacon's), never through another.
 * Its certificates are issued by a CA it makes up at start. Ended by PID on close.
 */
public final class Pebble implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path certificate;
    private final Path log;

    private Pebble(Process process, int port, Path certificate, Path log) {
        this.process = process;
        this.port = port;
        this.certificate = certificate;
        this.log = log;
    }

    /** Starts pebble in {@code dir}, asking {@code 127.0.0.1:dnsPort} for challenge records. */
    public static Pebble start(Path dir, int dnsPort) throws Exception {
        Files.createDirectories(dir);
        SelfSignedCert tls = SelfSignedCert.in(dir);
        int port = FreePort.tcp();
        Path config = dir.resolve("pebble.json");
        Files.writeString(config, """
                {"pebble": {"listenAddress": "127.0.0.1:%d", "managementListenAddress": "127.0.0.1:%d",
                  "certificate": "%s", "privateKey": "%s", "httpPort": %d, "tlsPort": %d,
                  "ocspResponderURL": "", "externalAccountBindingRequired": false}}
                """.formatted(port, FreePort.tcp(), tls.certificate(), tls.privateKey(), FreePort.tcp(), FreePort.tcp()));
        Path log = dir.resolve("pebble.log");
        ProcessBuilder builder = new ProcessBuilder("pebble", "-config", config.toString(), "-dnsserver",
                "127.0.0.1:" + dnsPort).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // No random pauses before validating, and no nonces refused at random (its defaults test clients' retries).
        builder.environment().put("PEBBLE_VA_NOSLEEP", "1");
        builder.environment().put("PEBBLE_WFE_NONCEREJECT", "0");
        Pebble pebble = new Pebble(builder.start(), port, tls.certificate(), log);
        pebble.awaitListening();
        return pebble;
    }

    private void awaitListening() throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IllegalStateException("pebble ended: " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("pebble did not listen within 20 s: " + Files.readString(log));
    }

    /** The ACME directory URL. */
    public String directory() {
        return "https://127.0.0.1:" + port + "/dir";
    }

    /** The certificate its ACME listener presents, for a client to trust. */
    public Path certificate() {
        return certificate;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
