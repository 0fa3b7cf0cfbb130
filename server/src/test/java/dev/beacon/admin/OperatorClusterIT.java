package dev.beacon.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.store.AdminToken;
import dev.beacon.testing.AdminClient;
import dev.beacon.testing.Dig;
import dev.beacon.testing.Postgres;
import dev.beacon.testing.TestServer;
import dev.beacon.testing.WebhookReceiver;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator API and webhooks on two nodes sharing one PostgreSQL: what one node does, every node does. */
class OperatorClusterIT {

    private static final Duration CONVERGED = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private String url;
    private WebhookReceiver receiver;
    private final List<TestServer> nodes = new ArrayList<>();

    @BeforeEach
    void startTwoNodes() throws Exception {
        url = Postgres.freshSchemaUrl();
        receiver = new WebhookReceiver();
        String hook = "webhooks: [{url: '" + receiver.url() + "', secret: '0123456789abcdef0123456789abcdef'}]";
        for (int i = 0; i < 2; i++) {
            nodes.add(TestServer.in(dir.resolve("node" + i)).db(url).zone(hook).start());
        }
    }

    @AfterEach
    void stop() {
        nodes.forEach(TestServer::close);
        receiver.close();
        Postgres.dropSchema(url);
    }

    private static boolean eventually(Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + CONVERGED.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.call()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.call();
    }

    private AdminClient at(int node, String token) {
        return new AdminClient(URI.create("http://127.0.0.1:" + nodes.get(node).server().adminAddress().getPort()), token);
    }

    @Test
    void aTokenMadeOnceIsKnownToEveryNode() throws Exception {
        String token = AdminClient.newToken(nodes.get(0).server(), "ops", AdminToken.Scope.READ);
        assertThat(at(0, token).get("/api/v1/zones").status()).isEqualTo(200);
        assertThat(at(1, token).get("/api/v1/zones").status()).isEqualTo(200);
    }

    @Test
    void aBlockMadeAtOneNodeIsEnforcedByEveryNode() throws Exception {
        TestServer other = nodes.get(1);
        assertThat(other.add("SN-1", "cam1", "myip=198.51.100.1")).isEqualTo("10|cam1.ddns.test");
        String token = AdminClient.newToken(nodes.get(0).server(), "alice", AdminToken.Scope.WRITE);
        assertThat(at(0, token).post("/api/v1/devices/SN-1/block?zone=ddns.test").status()).isEqualTo(200);
        assertThat(eventually(() -> at(1, token).get("/api/v1/devices/SN-1").json().get("blocked").asBoolean())).isTrue();
        assertThat(other.update("SN-1", "myip=198.51.100.2")).isEqualTo("02");
    }

    @Test
    void aNameReleasedAtOneNodeIsNxdomainAtEveryNode() throws Exception {
        assertThat(nodes.get(1).add("SN-1", "cam1", "myip=198.51.100.1")).isEqualTo("10|cam1.ddns.test");
        String token = AdminClient.newToken(nodes.get(0).server(), "alice", AdminToken.Scope.WRITE);
        assertThat(eventually(() -> at(0, token).delete("/api/v1/names/cam1.ddns.test").status() == 200)).isTrue();
        assertThat(Dig.ask(nodes.get(0).dnsPort(), "cam1.ddns.test", "A").status()).isEqualTo("NXDOMAIN");
        assertThat(eventually(() -> "NXDOMAIN".equals(Dig.ask(nodes.get(1).dnsPort(), "cam1.ddns.test", "A").status())))
                .isTrue();
    }

    @Test
    void changesMadeThroughBothNodesReachTheReceiverOnceEach() throws Exception {
        for (int i = 0; i < 6; i++) {
            assertThat(nodes.get(i % 2).add("SN-" + i, "cam" + i, "myip=198.51.100." + (i + 1))).startsWith("10|");
        }
        List<WebhookReceiver.Delivery> got = receiver.await(6, Duration.ofSeconds(15));
        Thread.sleep(1500);
        got = receiver.await(6, Duration.ZERO);
        Set<String> deliveries = new HashSet<>();
        got.forEach(d -> deliveries.add(d.header("X-Beacon-Delivery")));
        assertThat(got).hasSize(6);
        assertThat(deliveries).hasSize(6);
    }

    @Test
    void whenTheDeliveringNodeStopsAnotherDeliversInItsPlace() throws Exception {
        // The first node started first and holds the delivery lease.
        nodes.get(0).add("SN-0", "cam0", "myip=198.51.100.1");
        assertThat(receiver.await(1, Duration.ofSeconds(10))).hasSize(1);
        nodes.remove(0).close();
        nodes.get(0).add("SN-1", "cam1", "myip=198.51.100.2");
        assertThat(receiver.await(2, Duration.ofSeconds(15))).hasSize(2);
    }

    @Test
    void aReadOnlyReplicaShowsDevicesAndBlocksButRefusesChangesSayingWhere() throws Exception {
        String replicaUrl = url + "&options=-c%20default_transaction_read_only%3Don";
        try (TestServer replica = TestServer.in(dir.resolve("replica")).db(replicaUrl).storage("{role: replica}").start()) {
            nodes.get(0).add("SN-1", "cam1", "myip=198.51.100.1");
            String token = AdminClient.newToken(nodes.get(0).server(), "alice", AdminToken.Scope.WRITE);
            assertThat(at(0, token).post("/api/v1/devices/SN-1/block").status()).isEqualTo(200);
            AdminClient atReplica = new AdminClient(URI.create("http://127.0.0.1:"
                    + replica.server().adminAddress().getPort()), token);
            assertThat(eventually(() -> atReplica.get("/api/v1/devices/SN-1").json().get("blocked").asBoolean())).isTrue();
            assertThat(replica.ipcheck("SN-1")).isEqualTo("02");
            AdminClient.Reply refused = atReplica.post("/api/v1/devices/SN-1/unblock");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().get("error").asText()).contains("read-only replica");
        }
    }
}
