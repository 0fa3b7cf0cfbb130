package dev.beacon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {

    @TempDir
    Path dir;

    @Test
    void newKeyFileHoldsTheKeyOnOneLineReadableByTheOwnerOnly() throws Exception {
        String text = KeyFile.newKeyText(new SecureRandom());
        Path file = dir.resolve("keys/device.key");
        KeyFile.writeNew(file, text);
        assertThat(Files.readString(file)).isEqualTo(text + "\n");
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(KeyFile.read(1, file).id()).isEqualTo(1);
    }

    @Test
    void writingLeavesNoTemporaryFileBehind() throws Exception {
        KeyFile.writeNew(dir.resolve("device.key"), KeyFile.newKeyText(new SecureRandom()));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("device.key");
        }
    }

    @Test
    void anExistingKeyFileIsNeverReplaced() throws Exception {
        Path file = dir.resolve("device.key");
        Files.writeString(file, "old\n");
        assertThatThrownBy(() -> KeyFile.writeNew(file, KeyFile.newKeyText(new SecureRandom())))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(file)).isEqualTo("old\n");
    }
}
