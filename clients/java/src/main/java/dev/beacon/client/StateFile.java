package dev.beacon.client;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The client's state on disk, as {@code key=value} lines. Written to a temporary file, synced, and
 * renamed over the old one, so a power cut leaves the old state or the new, never half of one. A
 * file that cannot be read as state is reported and treated as no state: the client then does
 * what it does at first boot, which is safe.
 */
public final class StateFile {

    private final Path path;
    private final Consumer<String> warn;

    public StateFile(Path path, Consumer<String> warn) {
        this.path = path;
        this.warn = warn;
    }

    public ClientState load() {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return ClientState.EMPTY;
        } catch (IOException e) {
            warn.accept("cannot read state file " + path + " (" + e.getMessage() + "); starting afresh");
            return ClientState.EMPTY;
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
            String address = p.getProperty("address");
            String updated = p.getProperty("updated");
            if (address == null || updated == null) {
                throw new IllegalArgumentException("no address= and updated= lines");
            }
            if (!address.isEmpty() && (address.length() > 64 || !address.matches("[0-9a-fA-F:.,]+"))) {
                throw new IllegalArgumentException("address '" + address + "'");
            }
            return new ClientState(address.isEmpty() ? null : address, Long.parseLong(updated.strip()));
        } catch (IllegalArgumentException | IOException e) {
            warn.accept("state file " + path + " is damaged (" + e.getMessage() + "); starting afresh");
            return ClientState.EMPTY;
        }
    }

    public void save(ClientState state) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
        try {
            String text = "# Beacon update client state\naddress=" + (state.address() == null ? "" : state.address())
                    + "\nupdated=" + state.updatedAtSeconds() + "\n";
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                    OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
