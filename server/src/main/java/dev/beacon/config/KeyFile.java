package dev.beacon.config;

import dev.beacon.token.TokenKey;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** Zone key files: base64 of 32 random bytes on one line, readable by the owner only. */
public final class KeyFile {

    private KeyFile() {
    }

    /** A new key as base64 text. */
    public static String newKeyText(SecureRandom random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /**
     * Reads a key file.
     *
     * @throws IllegalArgumentException saying what is wrong with the file's content, and how to fix it
     * @throws IOException when it cannot be read ({@link NoSuchFileException} when it is missing)
     */
    public static TokenKey read(int id, Path file) throws IOException {
        // A key is 44 characters of base64; room for comments and line ends, not for a wrong file.
        byte[] raw = SmallFile.read(file, 4096);
        String text = new String(raw, StandardCharsets.ISO_8859_1).strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("is empty; expected base64 text of 32 bytes (make one with: beacon keygen > FILE)");
        }
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch < 0x21 || ch > 0x7e) {
                throw new IllegalArgumentException("holds binary data (" + raw.length + " bytes); expected base64 text"
                        + " as beacon keygen prints it (convert a raw 32-byte key with: base64 -w0 FILE > FILE.b64)");
            }
        }
        return TokenKey.fromBase64(id, text);
    }

    /**
     * Writes a new key file with mode 0600 from the start, atomically: the text goes to a
     * temporary file in the same directory, is forced to disk, and is renamed into place, so a
     * failure at any point leaves no file, never a partial one. Refuses to replace a file.
     *
     * @throws FileAlreadyExistsException when {@code file} exists
     */
    public static void writeNew(Path file, String base64) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString());
        }
        Path temp;
        try {
            temp = Files.createTempFile(dir, ".device-key-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            temp = Files.createTempFile(dir, ".device-key-", ".tmp");
        }
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap((base64 + "\n").getBytes(StandardCharsets.US_ASCII)));
                ch.force(true);
            }
            // A hard link, not a rename: it fails rather than replace a key another process just wrote.
            try {
                Files.createLink(file, temp);
                Files.delete(temp);
            } catch (UnsupportedOperationException e) {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            }
            forceDirectory(dir);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /** Makes the new directory entry durable (a rename is only as durable as its directory). */
    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory; the file itself is already on disk.
        }
    }
}
