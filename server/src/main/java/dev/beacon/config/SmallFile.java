package dev.beacon.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a file that should be small (a config, a key), refusing one that is not: a path pointing
 * at {@code /dev/zero}, a log or a disk image must end in a clear error, not a hang or an
 * exhausted heap. Stateless.
 */
final class SmallFile {

    private SmallFile() {
    }

    /** The file's bytes, at most {@code max} of them; more is an {@link IOException} saying so. */
    static byte[] read(Path file, int max) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                throw new IOException("is larger than " + max + " bytes; is it the right file?");
            }
            return bytes;
        }
    }
}
