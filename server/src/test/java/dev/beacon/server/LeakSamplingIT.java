package dev.beacon.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.BeaconProcess;
import dev.beacon.testing.Tool;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code beacon serve} turns Netty's buffer leak sampling off, which costs CPU on every DNS query,
 * unless the JVM's options name a level; read from the running process with {@code jcmd}.
 */
class LeakSamplingIT {

    private static final String[] EPHEMERAL = {"--http", "127.0.0.1:0", "--dns", "127.0.0.1:0"};

    @TempDir
    Path dir;

    private static String leakLevel(BeaconProcess beacon) throws Exception {
        return Tool.run("jcmd", Long.toString(beacon.pid()), "VM.system_properties").lines()
                .filter(l -> l.startsWith("io.netty.leakDetection.level=")).findFirst().orElse("");
    }

    @Test
    void aServerRunsWithoutLeakSampling() throws Exception {
        try (BeaconProcess beacon = BeaconProcess.start(null, dir.resolve("data"), EPHEMERAL)) {
            beacon.awaitOutput("is ready");

            assertThat(leakLevel(beacon)).isEqualTo("io.netty.leakDetection.level=disabled");
        }
    }

    @Test
    void aLevelTheJvmOptionsNameIsKept() throws Exception {
        try (BeaconProcess beacon = BeaconProcess.start(
                Map.of("JAVA_TOOL_OPTIONS", "-Dio.netty.leakDetection.level=simple"), null, dir.resolve("data"),
                EPHEMERAL)) {
            beacon.awaitOutput("is ready");

            assertThat(leakLevel(beacon)).isEqualTo("io.netty.leakDetection.level=simple");
        }
    }
}
