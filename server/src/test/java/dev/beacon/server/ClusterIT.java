package dev.beacon.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.Dig;
import dev.beacon.testing.Postgres;
import dev.beacon.testing.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several nodes on one PostgreSQL: each a real server with its own connection pool, journal
 * listener and DNS listener, in one JVM. The database decides who owns a name; every node follows
 * every other node's commits through the journal.
 */
class ClusterIT {

    private static final Duration CONVERGED = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private String url;
    private final List<TestServer> nodes = new ArrayList<>();

    @BeforeEach
    void startThreeNodes() throws Exception {
        url = Postgres.freshSchemaUrl();
        for (int i = 0; i < 3; i++) {
            nodes.add(TestServer.in(dir.resolve("node" + i)).db(url).start());
        }
    }

    @AfterEach
    void stop() {
        nodes.forEach(TestServer::close);
        Postgres.dropSchema(url);
    }

    @Test
    void concurrentAddsOfOneFreeNameThroughEveryNodeGiveExactlyOneOwner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
        try {
            for (int round = 0; round < 30; round++) {
                String name = "race" + round;
                List<Future<String>> replies = new ArrayList<>();
                for (int n = 0; n < nodes.size(); n++) {
                    TestServer node = nodes.get(n);
                    String device = "SN-R" + round + "-N" + n;
                    replies.add(pool.submit((Callable<String>) () -> node.add(device, name, "myip=198.51.100.9")));
                }
                List<String> answers = new ArrayList<>();
                for (Future<String> r : replies) {
                    answers.add(r.get());
                }
                assertThat(answers).as(name).containsOnlyOnce("10|" + name + ".ddns.test")
                        .filteredOn(a -> !a.startsWith("10|")).allMatch("07"::equals);
                assertThat(owners(name)).as(name).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aChangeAtOneNodeIsAnsweredByEveryNodesDns() throws Exception {
        for (int n = 0; n < nodes.size(); n++) {
            String name = "cam" + n;
            String address = "203.0.113." + (10 + n);
            assertThat(nodes.get(n).add("SN-DNS-" + n, name, "myip=" + address)).isEqualTo("10|" + name + ".ddns.test");
            for (TestServer other : nodes) {
                awaitAnswer(other, name + ".ddns.test", name + ".ddns.test. 60 IN A " + address);
            }
        }
        long serial = serial(nodes.get(0));
        for (TestServer node : nodes) {
            assertThat(serial(node)).isEqualTo(serial);
        }
    }

    @Test
    void aNameReleasedAtOneNodeIsFreeAtAnother() throws Exception {
        TestServer a = nodes.get(0);
        TestServer b = nodes.get(1);
        assertThat(a.add("SN-OLD", "shared", "")).isEqualTo("10|shared.ddns.test");
        assertThat(b.add("SN-NEW", "shared", "")).isEqualTo("07");
        assertThat(a.remove("SN-OLD")).isEqualTo("15");
        assertThat(b.add("SN-NEW", "shared", "")).isEqualTo("10|shared.ddns.test");
        assertThat(owners("shared")).containsExactly("SN-NEW");
    }

    @Test
    void aDeviceRegisteredAtOneNodeIsUpdatedAtAnother() throws Exception {
        assertThat(nodes.get(0).add("SN-ROAM", "roam", "myip=198.51.100.1")).isEqualTo("10|roam.ddns.test");
        assertThat(nodes.get(2).update("SN-ROAM", "myip=198.51.100.2")).isEqualTo("09");
        awaitAnswer(nodes.get(1), "roam.ddns.test", "roam.ddns.test. 60 IN A 198.51.100.2");
    }

    @Test
    void aTokenThatChangedStateAtOneNodeIsRefusedAtAnother() throws Exception {
        TestServer a = nodes.get(0);
        TestServer b = nodes.get(1);
        a.add("SN-REPLAY", "replay", "myip=198.51.100.1");
        String token = a.token("SN-REPLAY");
        assertThat(a.body("/update.aspx?mac=" + token + "&myip=198.51.100.2")).isEqualTo("09");
        assertThat(b.body("/update.aspx?mac=" + token + "&myip=198.51.100.3")).isEqualTo("02");
        awaitAnswer(b, "replay.ddns.test", "replay.ddns.test. 60 IN A 198.51.100.2");
    }

    @Test
    void aNodeThatStartsLaterLoadsEverythingAndFollowsFromThere() throws Exception {
        nodes.get(0).add("SN-EARLY", "early", "myip=198.51.100.1");
        try (TestServer late = TestServer.in(dir.resolve("late")).db(url).start()) {
            assertThat(Dig.ask(late.dnsPort(), "early.ddns.test", "A").answer())
                    .containsExactly("early.ddns.test. 60 IN A 198.51.100.1");
            nodes.get(1).add("SN-AFTER", "after", "myip=198.51.100.2");
            awaitAnswer(late, "after.ddns.test", "after.ddns.test. 60 IN A 198.51.100.2");
        }
    }

    @Test
    void anImportIntoTheRunningClusterReachesEveryNodeWithoutARestart() throws Exception {
        nodes.get(0).add("SN-HOLDER", "taken", "myip=198.51.100.1");
        Path csv = dir.resolve("devices.csv");
        java.nio.file.Files.writeString(csv, "device_id,name,ipv4,ipv6\nSN-I1,imported,198.51.100.50,\n"
                + "SN-I2,taken,198.51.100.51,\n");
        Path config = dir.resolve("import.yaml");
        java.nio.file.Files.writeString(config, TestServer.in(dir.resolve("import")).yaml());
        dev.beacon.testing.BeaconCommand.Run run = dev.beacon.testing.BeaconCommand.run(dir, "import", "--config",
                config.toString(), "--db", url, "--zone", "ddns.test", csv.toString());
        assertThat(run.status()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains("line 3: name 'taken' is held by another device")
                .contains("1 created, 0 updated, 0 unchanged, 1 refused");
        for (TestServer node : nodes) {
            awaitAnswer(node, "imported.ddns.test", "imported.ddns.test. 60 IN A 198.51.100.50");
        }
    }

    @Test
    void killingEveryDatabaseConnectionMidBurstLosesNoAcknowledgedChangeAndNodesRecoverByThemselves()
            throws Exception {
        int devices = 12;
        int steps = 25;
        for (int d = 0; d < devices; d++) {
            assertThat(nodes.get(d % nodes.size()).add("SN-K" + d, "k" + d, "myip=198.51.100.1")).startsWith("10|");
        }
        ExecutorService pool = Executors.newFixedThreadPool(devices + 1);
        try {
            List<Future<Integer>> lastAcknowledged = new ArrayList<>();
            for (int d = 0; d < devices; d++) {
                int device = d;
                lastAcknowledged.add(pool.submit(() -> {
                    int acknowledged = 0;
                    for (int step = 1; step <= steps; step++) {
                        TestServer node = nodes.get((device + step) % nodes.size());
                        String reply = node.update("SN-K" + device, "myip=198.51.100." + (step + 1));
                        assertThat(reply).isIn("09", "12");
                        if (reply.equals("09")) {
                            acknowledged = step;
                        }
                    }
                    return acknowledged;
                }));
            }
            Future<?> killer = pool.submit(() -> {
                for (int i = 0; i < 5; i++) {
                    terminateOtherConnections();
                    Thread.sleep(40);
                }
                return null;
            });
            killer.get();
            for (int d = 0; d < devices; d++) {
                int acknowledged = lastAcknowledged.get(d).get();
                int stored = Integer.parseInt(address("k" + d).substring("198.51.100.".length())) - 1;
                assertThat(stored).as("device %d: the database keeps every acknowledged change", d)
                        .isGreaterThanOrEqualTo(acknowledged);
            }
        } finally {
            pool.shutdownNow();
        }
        // Recovered without a restart: every node's memory equals the database, and takes changes.
        for (int d = 0; d < devices; d++) {
            String stored = address("k" + d);
            for (TestServer node : nodes) {
                awaitAnswer(node, "k" + d + ".ddns.test", "k" + d + ".ddns.test. 60 IN A " + stored);
            }
        }
        assertThat(nodes.get(1).update("SN-K0", "myip=203.0.113.99")).isEqualTo("09");
    }

    @Test
    void aNodeKilledWithSigkillCatchesUpWhenItIsStartedAgain() throws Exception {
        Path config = dir.resolve("process.yaml");
        java.nio.file.Files.writeString(config, """
                listen: {http: 127.0.0.1:0, dns: 'off'}
                storage: {db: '%s'}
                zones: [{name: ddns.test, keys: [{id: 1, secret: '%s'}]}]
                """.formatted(url, TestServer.KEY_BASE64));
        TestServer a = nodes.get(0);
        a.add("SN-BEFORE", "before", "myip=198.51.100.1");
        try (dev.beacon.testing.BeaconProcess process = dev.beacon.testing.BeaconProcess.start(config, dir.resolve("p"))) {
            assertThat(ipcheck(process, a, "SN-BEFORE")).isEqualTo("14|198.51.100.1");
            process.kill();
        }
        a.add("SN-WHILE-DOWN", "down", "myip=198.51.100.2");
        try (dev.beacon.testing.BeaconProcess process = dev.beacon.testing.BeaconProcess.start(config, dir.resolve("p"))) {
            assertThat(ipcheck(process, a, "SN-WHILE-DOWN")).isEqualTo("14|198.51.100.2");
            a.update("SN-BEFORE", "myip=198.51.100.3");
            long deadline = System.nanoTime() + CONVERGED.toNanos();
            String seen = "";
            while (System.nanoTime() < deadline && !(seen = ipcheck(process, a, "SN-BEFORE")).equals("14|198.51.100.3")) {
                Thread.sleep(20);
            }
            assertThat(seen).isEqualTo("14|198.51.100.3");
        }
    }

    private static String ipcheck(dev.beacon.testing.BeaconProcess process, TestServer minter, String device)
            throws Exception {
        java.net.URI uri = process.base().resolve("/ipcheck.aspx?mac=" + minter.token(device));
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(uri).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void aReadOnlyNodeFollowsTheWritersAndAnswersChangesWith12() throws Exception {
        // As a streaming replica would: every transaction of its connections is read-only.
        String replicaUrl = url + "&options=-c%20default_transaction_read_only%3Don";
        try (TestServer replica = TestServer.in(dir.resolve("replica")).db(replicaUrl).storage("{role: replica}").start()) {
            nodes.get(0).add("SN-PRIMARY", "fromprimary", "myip=198.51.100.7");
            awaitAnswer(replica, "fromprimary.ddns.test", "fromprimary.ddns.test. 60 IN A 198.51.100.7");
            assertThat(replica.add("SN-REPLICA", "fromreplica", "myip=198.51.100.8")).isEqualTo("12");
            assertThat(replica.update("SN-PRIMARY", "myip=198.51.100.9")).isEqualTo("12");
            assertThat(replica.body("/ipdetect.aspx")).isEqualTo("127.0.0.1");
            assertThat(owners("fromreplica")).isEmpty();
        }
    }

    @Test
    void whileTheDatabaseIsUnreachableMemoryAnswersAndChangesGet12ThenTheNodeRecoversByItself() throws Exception {
        nodes.get(0).add("SN-OUT", "out", "myip=198.51.100.1");
        try (dev.beacon.testing.TcpRelay relay = new dev.beacon.testing.TcpRelay(5432);
                TestServer behind = TestServer.in(dir.resolve("behind"))
                        .db(url.replace("127.0.0.1:5432", "127.0.0.1:" + relay.port()))
                        .storage("{lock-timeout: 1s, connect-timeout: 1s, commit-timeout: 3s}").start()) {
            awaitAnswer(behind, "out.ddns.test", "out.ddns.test. 60 IN A 198.51.100.1");
            relay.cut();
            assertThat(Dig.ask(behind.dnsPort(), "out.ddns.test", "A").answer())
                    .containsExactly("out.ddns.test. 60 IN A 198.51.100.1");
            assertThat(behind.update("SN-OUT", "myip=198.51.100.1")).isEqualTo("08");
            assertThat(behind.ipcheck("SN-OUT")).isEqualTo("14|198.51.100.1");
            long start = System.nanoTime();
            assertThat(behind.update("SN-OUT", "myip=198.51.100.2")).isEqualTo("12");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            // Meanwhile the other nodes, which reach the database, go on changing it.
            assertThat(nodes.get(1).update("SN-OUT", "myip=198.51.100.3")).isEqualTo("09");
            relay.restore();
            awaitAnswer(behind, "out.ddns.test", "out.ddns.test. 60 IN A 198.51.100.3");
            assertThat(behind.update("SN-OUT", "myip=198.51.100.4")).isEqualTo("09");
        }
    }

    @Test
    void aCommitRefusedAtCommitTimeIsResolvedFromTheJournalAndLeavesMemoryAsTheDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            // An error raised by COMMIT itself: the writer cannot tell from the exception whether
            // the batch was kept, and must ask the journal.
            s.execute("CREATE FUNCTION refuse_at_commit() RETURNS trigger AS $$ BEGIN IF NEW.label = 'atcommit'"
                    + " THEN RAISE EXCEPTION 'refused at commit'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql");
            s.execute("CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER INSERT ON records DEFERRABLE INITIALLY DEFERRED"
                    + " FOR EACH ROW EXECUTE FUNCTION refuse_at_commit()");
        }
        TestServer a = nodes.get(0);
        assertThat(a.add("SN-AC", "atcommit", "myip=198.51.100.1")).isEqualTo("12");
        assertThat(a.server().registry().snapshot().zone("ddns.test").record("atcommit")).isNull();
        assertThat(owners("atcommit")).isEmpty();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER refuse_at_commit ON records");
        }
        assertThat(a.add("SN-AC", "atcommit", "myip=198.51.100.1")).isEqualTo("10|atcommit.ddns.test");
    }

    @Test
    void aCommitWhoseAnswerIsLostIsFoundInTheJournalAndTheDeviceHearsWhatWasDecided() throws Exception {
        try (dev.beacon.testing.TcpRelay relay = new dev.beacon.testing.TcpRelay(5432);
                TestServer node = TestServer.in(dir.resolve("lossy"))
                        .db(url.replace("127.0.0.1:5432", "127.0.0.1:" + relay.port())).start()) {
            relay.cutAfterTheStatementAfter("pg_notify");
            // The database commits; the node's connection dies before it hears so.
            assertThat(node.add("SN-LOST", "lostack", "myip=198.51.100.1")).isEqualTo("10|lostack.ddns.test");
            assertThat(owners("lostack")).containsExactly("SN-LOST");
            assertThat(node.server().registry().snapshot().zone("ddns.test").record("lostack")).isNotNull();
            assertThat(node.update("SN-LOST", "myip=198.51.100.1")).isEqualTo("08");
        }
    }

    @Test
    void aRenameAtOneNodeFreesTheOldNameForAnotherDeviceAtAnother() throws Exception {
        assertThat(nodes.get(0).add("SN-MOVER", "first", "")).isEqualTo("10|first.ddns.test");
        assertThat(nodes.get(0).add("SN-MOVER", "second", "")).isEqualTo("10|second.ddns.test");
        assertThat(nodes.get(2).add("SN-TAKER", "first", "")).isEqualTo("10|first.ddns.test");
        assertThat(nodes.get(1).add("SN-OTHER", "second", "")).isEqualTo("07");
        assertThat(owners("first")).containsExactly("SN-TAKER");
        assertThat(owners("second")).containsExactly("SN-MOVER");
    }

    private void terminateOtherConnections() throws Exception {
        try (Connection c = DriverManager.getConnection(Postgres.BASE); Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND pid <> pg_backend_pid() AND backend_type = 'client backend'");
        }
    }

    private String address(String label) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT ipv4 FROM records WHERE label = '" + label + "'")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private List<String> owners(String label) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT device_id FROM records WHERE label = '" + label + "'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static void awaitAnswer(TestServer node, String name, String expected) throws Exception {
        long deadline = System.nanoTime() + CONVERGED.toNanos();
        List<String> answer = List.of();
        while (System.nanoTime() < deadline) {
            answer = Dig.ask(node.dnsPort(), name, "A").answer();
            if (answer.equals(List.of(expected))) {
                return;
            }
            Thread.sleep(20);
        }
        assertThat(answer).as("DNS of the node on port " + node.dnsPort()).containsExactly(expected);
    }

    private static long serial(TestServer node) {
        return node.server().registry().snapshot().zone("ddns.test").lastSeq();
    }
}
