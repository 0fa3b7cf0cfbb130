package dev.beacon.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
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
     * Writes a fresh key to {@code file} unless it exists, with mode 0600 from the start (never
     * world-readable, not even for a moment).
     *
     * @return true when a key was written
     */
    public static boolean createIfMissing(Path file, SecureRandom random) throws IOException {
        if (Files.exists(file)) {
            return false;
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, newKeyText(random) + "\n", StandardCharsets.US_ASCII);
        return true;
    }
}
