package dev.beacon.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.Dig;
import dev.beacon.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SOA serial comes from the change journal: it survives restarts and only rises. */
class SerialIT {

    @TempDir
    Path dir;

    @Test
    void serialSurvivesARestartAndRisesWithTheNextChange() throws Exception {
        long before;
        try (TestServer beacon = TestServer.in(dir).start()) {
            beacon.add("SN-1", "cam1", "myip=198.51.100.1");
            beacon.update("SN-1", "myip=198.51.100.2");
            before = serial(beacon);
            assertThat(before).isPositive();
        }
        try (TestServer beacon = TestServer.in(dir).start()) {
            assertThat(serial(beacon)).isEqualTo(before);
            assertThat(Dig.ask(beacon.dnsPort(), "cam1.ddns.test", "A").answer())
                    .containsExactly("cam1.ddns.test. 60 IN A 198.51.100.2");
            beacon.update("SN-1", "myip=198.51.100.3");
            assertThat(serial(beacon)).isGreaterThan(before);
        }
    }

    @Test
    void removingANameRaisesTheSerialToo() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            beacon.add("SN-1", "cam1", "");
            long before = serial(beacon);
            beacon.remove("SN-1");
            assertThat(serial(beacon)).isGreaterThan(before);
        }
    }

    private static long serial(TestServer beacon) throws Exception {
        return Long.parseLong(Dig.ask(beacon.dnsPort(), "ddns.test", "SOA").answer().get(0).split(" ")[6]);
    }
}
