package dev.beacon.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.server.BeaconServer;
import dev.beacon.store.AdminToken;
import dev.beacon.testing.AdminClient;
import dev.beacon.testing.Dig;
import dev.beacon.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A router that holds its own name and five names for hosts behind it, each with an interface
 * id: one request with the new delegated prefix moves the five, over real HTTP, seen by dig.
 */
class PrefixUpdateIT {

    private static final String ROUTER = "SN-ROUTER";
    private static final String POLICY = "{allow-static-tokens: true, max-names-per-device: 6}";

    @TempDir
    Path dir;
    TestServer beacon;

    @BeforeEach
    void start() throws Exception {
        beacon = TestServer.in(dir).policy(POLICY).start();
        assertThat(beacon.add(ROUTER, "router", "myip=198.51.100.1,2001:db8:ffff::1")).isEqualTo("10|router.ddns.test");
        for (int i = 1; i <= 5; i++) {
            assertThat(beacon.add(ROUTER, "host" + i, "myip=198.51.100.1&ipv6iid=::1234:5678:9abc:def" + i
                    + "&myipv6prefix=2001:db8:1:1::/64")).isEqualTo("10|host" + i + ".ddns.test");
        }
    }

    @AfterEach
    void stop() {
        beacon.close();
    }

    private String aaaa(String label) throws Exception {
        List<String> answer = Dig.ask(beacon.dnsPort(), label + ".ddns.test", "AAAA").answer();
        assertThat(answer).hasSize(1);
        return answer.get(0).substring(answer.get(0).lastIndexOf(' ') + 1);
    }

    private void assertHostsUnder(String prefix64) throws Exception {
        for (int i = 1; i <= 5; i++) {
            assertThat(aaaa("host" + i)).isEqualTo(prefix64 + ":1234:5678:9abc:def" + i);
        }
    }

    /** The journal's entries after {@code seq}, as {@code label origin at}. */
    private List<String> journalAfter(long seq) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + beacon.dataDir().resolve("beacon.db"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT label, origin, at FROM journal WHERE seq > " + seq + " ORDER BY seq")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getLong(3));
            }
        }
        return out;
    }

    private long journalHead() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + beacon.dataDir().resolve("beacon.db"));
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT max(seq) FROM journal")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** dyndns2's /nic/update with the router's static token as the Basic password. */
    private HttpResponse<String> nicUpdate(String query) throws Exception {
        String password = beacon.staticToken(ROUTER);
        HttpRequest request = HttpRequest.newBuilder(URI.create(beacon.base() + "/nic/update?" + query))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("router:" + password)
                        .getBytes(StandardCharsets.UTF_8)))
                .header("User-Agent", TestServer.USER_AGENT).GET().build();
        return beacon.client().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void setUpTheHostsTookTheirAddressesFromTheFirstPrefix() throws Exception {
        assertHostsUnder("2001:db8:1:1");
        assertThat(aaaa("router")).isEqualTo("2001:db8:ffff::1");
    }

    @Test
    void onePrefixUpdateMovesEveryNameWithAnInterfaceIdInOneCommit() throws Exception {
        long head = journalHead();

        assertThat(beacon.update(ROUTER, "myip=198.51.100.1&myipv6prefix=2001:db8:1:2::/64")).isEqualTo("09");

        assertHostsUnder("2001:db8:1:2");
        List<String> entries = journalAfter(head);
        assertThat(entries).hasSize(5);
        assertThat(entries).extracting(e -> e.split(" ")[0])
                .containsExactlyInAnyOrder("host1", "host2", "host3", "host4", "host5");
        assertThat(entries).extracting(e -> e.substring(e.indexOf(' '))).as("one batch, one time").containsOnly(
                entries.get(0).substring(entries.get(0).indexOf(' ')));
    }

    @Test
    void aPrefixOnAnAddMovesTheDevicesOtherNamesWithAnInterfaceIdToo() throws Exception {
        assertThat(beacon.add(ROUTER, "host1", "myip=198.51.100.1&myipv6prefix=2001:db8:1:7::/64")).isEqualTo("09");

        assertHostsUnder("2001:db8:1:7");
        assertThat(aaaa("router")).isEqualTo("2001:db8:ffff::1");
    }

    @Test
    void aNameWhoseAddressWasGivenInFullStaysWhereItIs() throws Exception {
        beacon.update(ROUTER, "myip=198.51.100.1&myipv6prefix=2001:db8:1:2::/64");

        assertThat(aaaa("router")).isEqualTo("2001:db8:ffff::1");
    }

    @Test
    void theSamePrefixAgainIs08AndWritesNothing() throws Exception {
        beacon.update(ROUTER, "myip=198.51.100.1&myipv6prefix=2001:db8:1:2::/64");
        long head = journalHead();

        assertThat(beacon.update(ROUTER, "myip=198.51.100.1&myipv6prefix=2001:db8:1:2::/64")).isEqualTo("08");
        assertThat(journalHead()).isEqualTo(head);
    }

    @Test
    void theRoutersOwnIpv6AddressDoesNotMoveTheHosts() throws Exception {
        assertThat(beacon.update(ROUTER, "myip=198.51.100.1,2001:db8:ffff::2")).isEqualTo("09");

        assertThat(aaaa("router")).isEqualTo("2001:db8:ffff::2");
        assertHostsUnder("2001:db8:1:1");
    }

    @Test
    void aPrefixThatIsNotOneIs04AndChangesNothing() throws Exception {
        long head = journalHead();

        assertThat(beacon.update(ROUTER, "myip=198.51.100.1&myipv6prefix=2001:db8:1:2::1/64")).isEqualTo("04");
        assertThat(beacon.update(ROUTER, "myip=198.51.100.1&myipv6prefix=ff02::/64")).isEqualTo("04");
        assertThat(beacon.update(ROUTER, "myip=198.51.100.1&ipv6iid=2001:db8::5")).isEqualTo("04");

        assertHostsUnder("2001:db8:1:1");
        assertThat(journalHead()).isEqualTo(head);
    }

    @Test
    void dynv6sPrefixFieldMovesThemToo() throws Exception {
        assertThat(beacon.update(ROUTER, "myip=198.51.100.1&ipv6prefix=2001:db8:1:3::/64")).isEqualTo("09");

        assertHostsUnder("2001:db8:1:3");
    }

    @Test
    void anEmptyInterfaceIdGivesTheNameAnExplicitAddressAgain() throws Exception {
        // Release host1 from the prefix: through add, which changes the one name it names.
        assertThat(beacon.add(ROUTER, "host1", "myip=198.51.100.1,2001:db8:ffff::11&ipv6iid=")).isEqualTo("09");
        beacon.update(ROUTER, "myip=198.51.100.1&myipv6prefix=2001:db8:1:2::/64");

        assertThat(aaaa("host1")).isEqualTo("2001:db8:ffff::11");
        assertThat(aaaa("host2")).isEqualTo("2001:db8:1:2:1234:5678:9abc:def2");
    }

    @Test
    void dyndns2sPrefixMovesTheDevicesNamesWithAnInterfaceIdListedOrNot() throws Exception {
        HttpResponse<String> reply = nicUpdate("hostname=router.ddns.test&myip=198.51.100.1&myipv6prefix=2001:db8:1:4::/64");

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("nochg 198.51.100.1");
        assertHostsUnder("2001:db8:1:4");
        assertThat(aaaa("router")).isEqualTo("2001:db8:ffff::1");
    }

    @Test
    void aMalformedPrefixOnDyndns2IsDnserrAndChangesNothing() throws Exception {
        long head = journalHead();

        HttpResponse<String> reply = nicUpdate("hostname=router.ddns.test&myip=198.51.100.1&myipv6prefix=2001:db8:1:4::1/64");

        assertThat(reply.body()).isEqualTo("dnserr");
        assertHostsUnder("2001:db8:1:1");
        assertThat(journalHead()).isEqualTo(head);
    }

    @Test
    void theOperatorsHistoryShowsTheInterfaceIdBeingSetAndRemoved() throws Exception {
        beacon.add(ROUTER, "host1", "myip=198.51.100.1&ipv6iid=");
        AdminClient admin = AdminClient.withNewToken(beacon.server(), "reader", AdminToken.Scope.READ);

        JsonNode history = admin.get("/api/v1/devices/" + ROUTER).json().path("history");

        assertThat(history.get(0).path("name").asText()).isEqualTo("host1.ddns.test");
        assertThat(history.get(0).path("changes").path("ipv6_interface_id").path("old").asText())
                .isEqualTo("::1234:5678:9abc:def1/64");
        assertThat(history.get(0).path("changes").path("ipv6_interface_id").path("new").isNull()).isTrue();
    }

    @Test
    void theOperatorsHistoryShowsATtlAndMxRecordsBeingSet() throws Exception {
        beacon.add(ROUTER, "router", "myip=198.51.100.1,2001:db8:ffff::1&ttl=300&mx=10+router.ddns.test");
        AdminClient admin = AdminClient.withNewToken(beacon.server(), "reader", AdminToken.Scope.READ);

        JsonNode changes = admin.get("/api/v1/devices/" + ROUTER).json().path("history").get(0).path("changes");

        assertThat(changes.path("ttl").path("new").asText()).isEqualTo("300");
        assertThat(changes.path("records").path("new").asText()).isEqualTo("MX 10 router.ddns.test.");
    }

    @Test
    void interfaceIdsOutliveARestartFromTheCheckpointAndFromTheStore() throws Exception {
        beacon.close();
        beacon = TestServer.in(dir).policy(POLICY).start();
        assertThat(beacon.update(ROUTER, "myip=198.51.100.1&myipv6prefix=2001:db8:1:5::/64")).isEqualTo("09");
        assertHostsUnder("2001:db8:1:5");

        beacon.close();
        Files.delete(beacon.dataDir().resolve(BeaconServer.CHECKPOINT_FILE));
        beacon = TestServer.in(dir).policy(POLICY).start();
        assertThat(beacon.update(ROUTER, "myip=198.51.100.1&myipv6prefix=2001:db8:1:6::/64")).isEqualTo("09");
        assertHostsUnder("2001:db8:1:6");
    }
}
