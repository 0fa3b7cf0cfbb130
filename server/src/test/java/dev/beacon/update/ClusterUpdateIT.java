package dev.beacon.update;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.Dig;
import dev.beacon.testing.Nsupdate;
import dev.beacon.testing.Postgres;
import dev.beacon.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Rcode;

/** RFC 2136 updates on two nodes sharing one PostgreSQL: decided against the shared journal, spent for both. */
class ClusterUpdateIT {

    @TempDir
    Path dir;
    String url;
    TestServer a;
    TestServer b;

    @BeforeEach
    void start() throws Exception {
        url = Postgres.freshSchemaUrl();
        a = TestServer.in(dir.resolve("a")).db(url).zone(NsupdateIT.GRANTS).extra(NsupdateIT.KEYS).start();
        b = TestServer.in(dir.resolve("b")).db(url).zone(NsupdateIT.GRANTS).extra(NsupdateIT.KEYS).start();
        assertThat(a.add("SN-CAM1", "cam1", "myip=198.51.100.7")).isEqualTo("10|cam1.ddns.test");
    }

    @AfterEach
    void stop() {
        b.close();
        a.close();
        Postgres.dropSchema(url);
    }

    @Test
    void e20AnUpdateCapturedAtOneNodeIsRefusedAtTheOther() throws Exception {
        byte[] captured = SignedUpdates.settingCam1To("192.0.2.40");
        assertThat(SignedUpdates.send(captured, a.dnsPort())).isEqualTo(Rcode.NOERROR);
        assertThat(Nsupdate.run(a.dnsPort(), NsupdateIT.CAM1_KEY, false, "update add cam1.ddns.test 60 A 192.0.2.41")
                .ok()).isTrue();

        assertThat(SignedUpdates.send(captured, b.dnsPort())).isEqualTo(Rcode.REFUSED);

        assertThat(Dig.ask(a.dnsPort(), "cam1.ddns.test", "A").answer())
                .containsExactly("cam1.ddns.test. 60 IN A 192.0.2.41");
    }

    @Test
    void aReadOnlyNodeRefusesUpdates() throws Exception {
        String replicaUrl = url + "&options=-c%20default_transaction_read_only%3Don";
        try (TestServer replica = TestServer.in(dir.resolve("replica")).db(replicaUrl).storage("{role: replica}")
                .zone(NsupdateIT.GRANTS).extra(NsupdateIT.KEYS).start()) {
            Nsupdate.Result r = Nsupdate.run(replica.dnsPort(), NsupdateIT.CAM1_KEY, false,
                    "update add cam1.ddns.test 60 A 192.0.2.44");

            assertThat(r.output()).contains("REFUSED");
            assertThat(Dig.ask(a.dnsPort(), "cam1.ddns.test", "A").answer())
                    .containsExactly("cam1.ddns.test. 60 IN A 198.51.100.7");
        }
    }

    @Test
    void aPrerequisiteAtOneNodeSeesTheOtherNodesCommit() throws Exception {
        assertThat(Nsupdate.run(a.dnsPort(), NsupdateIT.CAM1_KEY, false, "update add cam1.ddns.test 60 A 192.0.2.42")
                .ok()).isTrue();

        // Sent at once, before b's memory may have followed a's commit: b's writer decides it against the journal.
        Nsupdate.Result r = Nsupdate.run(b.dnsPort(), NsupdateIT.CAM1_KEY, false, """
                prereq yxrrset cam1.ddns.test A 192.0.2.42
                update add cam1.ddns.test 60 A 192.0.2.43
                """);

        assertThat(r.ok()).as(r.output()).isTrue();
        List<String> atA = Dig.ask(a.dnsPort(), "cam1.ddns.test", "A").answer();
        assertThat(atA).containsExactly("cam1.ddns.test. 60 IN A 192.0.2.43");
    }
}
