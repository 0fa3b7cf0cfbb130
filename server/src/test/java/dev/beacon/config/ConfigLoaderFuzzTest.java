package dev.beacon.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The config loader on any text: a config, or a {@link ConfigException} that names the key and
 * says what is wrong; never another exception, a hang or an exhausted heap. The suite runs the
 * seeds in {@code ConfigLoaderFuzzTestInputs}; {@code bench/fuzz.sh} fuzzes it.
 */
class ConfigLoaderFuzzTest {

    private static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("beacon-config-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "60m", maxExecutions = 10_000_000)
    void anyFileLoadsOrIsRefusedWithAReason(byte[] data) {
        // As the file reader does: strict UTF-8 (SmallFile and the decoder are tested on their own).
        String yaml;
        try {
            yaml = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            return;
        }
        try {
            BeaconConfig config = ConfigLoader.load(yaml, "beacon.yaml", DIR, new Overrides(null, null, null, null,
                    DIR.resolve("data"), null, null, null, null, null, false));
            assertThat(config.zones()).isNotEmpty();
        } catch (ConfigException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
