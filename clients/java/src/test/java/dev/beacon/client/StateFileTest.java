package dev.beacon.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StateFileTest {

    @TempDir
    Path dir;
    final List<String> warnings = new ArrayList<>();

    @Test
    void savedStateLoadsBack() throws Exception {
        StateFile f = new StateFile(dir.resolve("s"), warnings::add);
        f.save(new ClientState("203.0.113.5", 1_800_000_000L));
        assertThat(f.load()).isEqualTo(new ClientState("203.0.113.5", 1_800_000_000L));
        assertThat(warnings).isEmpty();
    }

    @Test
    void missingFileIsFirstBootWithoutAWarning() {
        assertThat(new StateFile(dir.resolve("none"), warnings::add).load()).isEqualTo(ClientState.EMPTY);
        assertThat(warnings).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"address=not an address\nupdated=1", "address=1.2.3.4\nupdated=soon", "\u0000\u0001garbage",
        "address=\\uZZZZ"})
    void damagedFileIsReportedAndTreatedAsFirstBoot(String content) throws Exception {
        Files.writeString(dir.resolve("s"), content);
        assertThat(new StateFile(dir.resolve("s"), warnings::add).load()).isEqualTo(ClientState.EMPTY);
        assertThat(warnings).singleElement().asString().contains("damaged");
    }

    @Test
    void savingLeavesNoTemporaryFilesBehind() throws Exception {
        StateFile f = new StateFile(dir.resolve("s"), warnings::add);
        f.save(new ClientState("203.0.113.5", 1));
        f.save(new ClientState("203.0.113.6", 2));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("s");
        }
    }
}
