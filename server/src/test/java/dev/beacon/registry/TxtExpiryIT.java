package dev.beacon.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.Dig;
import dev.beacon.testing.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A zone whose TXT values last two seconds: each leaves DNS on its own, and the journal says why. */
class TxtExpiryIT {

    private static final String CAM = "SN-TXT";

    @TempDir
    Path dir;
    TestServer beacon;
    String secret;

    @BeforeEach
    void start() throws Exception {
        beacon = TestServer.in(dir).policy("{txt-ttl: 2s, max-txt-values: 4}").start();
        assertThat(beacon.add(CAM, "cam1", "myip=198.51.100.7")).isEqualTo("10|cam1.ddns.test");
        secret = beacon.deviceSecret(CAM);
    }

    @AfterEach
    void stop() {
        beacon.close();
    }

    private void setTxt(String value) throws Exception {
        assertThat(beacon.get("/update?domains=cam1&token=" + secret + "&txt=" + value).body()).isEqualTo("OK");
    }

    private List<String> txt() throws Exception {
        return Dig.ask(beacon.dnsPort(), "_acme-challenge.cam1.ddns.test", "TXT").answer();
    }

    /** Waits up to ten seconds for the TXT answer to be exactly these values. */
    private void awaitTxt(String... values) throws Exception {
        for (int i = 0; i < 200; i++) {
            List<String> now = txt().stream().map(l -> l.substring(l.indexOf('"') + 1, l.length() - 1)).toList();
            if (now.equals(List.of(values))) {
                return;
            }
            Thread.sleep(50);
        }
        assertThat(txt()).as("TXT after ten seconds").hasSize(values.length);
    }

    @Test
    void eachValueLeavesOnItsOwnOnceItsTimeIsUp() throws Exception {
        setTxt("first");
        Thread.sleep(1200);
        setTxt("second");
        assertThat(txt()).hasSize(2);

        awaitTxt("second");
        awaitTxt();
        assertThat(beacon.ipcheck(CAM)).as("the name itself stays").isEqualTo("14|198.51.100.7");
    }

    @Test
    void theJournalSaysTheValueExpired() throws Exception {
        setTxt("gone-soon");
        awaitTxt();

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + beacon.dataDir().resolve("beacon.db"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT actor FROM journal WHERE label = 'cam1' ORDER BY seq DESC LIMIT 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("txt-ttl (set more than 2 s ago)");
        }
    }

    @Test
    void settingAValueAgainKeepsItLonger() throws Exception {
        setTxt("kept");
        for (int i = 0; i < 4; i++) {
            Thread.sleep(700);
            setTxt("kept");
        }

        assertThat(txt()).as("set again every 0.7 s for 2.8 s, past its first 2 s").hasSize(1);
    }
}
