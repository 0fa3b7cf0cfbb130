package dev.beacon.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.store.AdminToken;
import dev.beacon.store.JdbcStore;
import dev.beacon.testing.AdminClient;
import dev.beacon.testing.Dig;
import dev.beacon.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator API of a real server over real HTTP, against a real SQLite file, with dig for DNS. */
class OperatorApiIT {

    @TempDir
    Path dir;

    private static String mac(int i) {
        return String.format("02:00:00:00:%02X:%02X", i / 256, i % 256);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void f1ARequestWithoutATokenIs401AndSaysHowToAuthenticate() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            AdminClient api = AdminClient.withNewToken(beacon.server(), "ops", AdminToken.Scope.READ);
            AdminClient.Reply r = api.send("GET", "/api/v1/zones", null);
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"beacon\"");
            assertThat(r.json().get("error").asText()).contains("Authorization: Bearer");
        }
    }

    @Test
    void f1AWrongTokenIs401() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            AdminClient api = AdminClient.withNewToken(beacon.server(), "ops", AdminToken.Scope.READ);
            assertThat(api.send("GET", "/api/v1/zones", api.token() + "x").status()).isEqualTo(401);
            assertThat(api.send("GET", "/api/v1/zones", "").status()).isEqualTo(401);
        }
    }

    @Test
    void f1ARevokedTokenIsRefusedFromTheNextRequest() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            AdminClient api = AdminClient.withNewToken(beacon.server(), "ops", AdminToken.Scope.READ);
            assertThat(api.get("/api/v1/zones").status()).isEqualTo(200);
            try (JdbcStore store = JdbcStore.connect(beacon.server().config().store())) {
                assertThat(store.revokeAdminToken("ops")).isTrue();
            }
            assertThat(api.get("/api/v1/zones").status()).isEqualTo(401);
        }
    }

    @Test
    void anOperatorSetsANamesTtlAndRecordsWhicheverDeviceHoldsIt() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            assertThat(beacon.add("SN-1", "cam1", "myip=198.51.100.1")).isEqualTo("10|cam1.ddns.test");
            AdminClient api = AdminClient.withNewToken(beacon.server(), "ops", AdminToken.Scope.WRITE);

            AdminClient.Reply set = api.post("/api/v1/names/cam1.ddns.test/records?ttl=300&mx=10+mail.example.net"
                    + "&srv=_sip._tcp+10+5+5060+cam1.ddns.test");

            assertThat(set.status()).as(set.body()).isEqualTo(200);
            assertThat(set.json().path("changed").asBoolean()).isTrue();
            assertThat(set.json().path("ttl").asInt()).isEqualTo(300);
            assertThat(Dig.ask(beacon.dnsPort(), "cam1.ddns.test", "MX").answer())
                    .containsExactly("cam1.ddns.test. 300 IN MX 10 mail.example.net.");
            assertThat(Dig.ask(beacon.dnsPort(), "cam1.ddns.test", "A").answer())
                    .containsExactly("cam1.ddns.test. 300 IN A 198.51.100.1");
            assertThat(api.get("/api/v1/devices/SN-1").json().path("history").get(0).path("by").asText())
                    .isEqualTo("admin ops");
            assertThat(api.post("/api/v1/names/cam1.ddns.test/records?ttl=300").json().path("changed").asBoolean())
                    .isFalse();
        }
    }

    @Test
    void recordsThatAreNotOneOrANameNobodyHoldsAreRefusedAndChangeNothing() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            assertThat(beacon.add("SN-1", "cam1", "myip=198.51.100.1")).isEqualTo("10|cam1.ddns.test");
            AdminClient api = AdminClient.withNewToken(beacon.server(), "ops", AdminToken.Scope.WRITE);
            AdminClient reader = AdminClient.withNewToken(beacon.server(), "viewer", AdminToken.Scope.READ);

            assertError(api.post("/api/v1/names/cam1.ddns.test/records?mx=not-a-record"), 400, "mx");
            assertError(api.post("/api/v1/names/cam1.ddns.test/records?ttl=5"), 400, "ttl");
            assertError(api.post("/api/v1/names/nobody.ddns.test/records?ttl=300"), 404, "nobody.ddns.test");
            assertThat(reader.post("/api/v1/names/cam1.ddns.test/records?ttl=300").status()).isEqualTo(403);
            assertThat(Dig.ask(beacon.dnsPort(), "cam1.ddns.test", "A").answer())
                    .containsExactly("cam1.ddns.test. 60 IN A 198.51.100.1");
        }
    }

    @Test
    void f2AReadTokenMayReadButAWriteIs403AndChangesNothing() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            assertThat(beacon.add("SN-1", "cam1", "myip=198.51.100.1")).isEqualTo("10|cam1.ddns.test");
            AdminClient reader = AdminClient.withNewToken(beacon.server(), "viewer", AdminToken.Scope.READ);
            assertThat(reader.get("/api/v1/devices/SN-1").status()).isEqualTo(200);
            AdminClient.Reply block = reader.post("/api/v1/devices/SN-1/block");
            assertThat(block.status()).isEqualTo(403);
            assertThat(block.json().get("error").asText()).contains("viewer").contains("write token");
            assertThat(reader.delete("/api/v1/names/cam1.ddns.test").status()).isEqualTo(403);
            assertThat(beacon.update("SN-1", "myip=198.51.100.2")).isEqualTo("09");
            assertThat(Dig.ask(beacon.dnsPort(), "cam1.ddns.test", "A").answer()).anyMatch(l -> l.endsWith("198.51.100.2"));
        }
    }

    @Test
    void zonesListSerialDevicesAndNames() throws Exception {
        try (TestServer beacon = TestServer.in(dir).policy("{max-names-per-device: 2}").start()) {
            beacon.add("SN-1", "cam1", "myip=198.51.100.1");
            beacon.add("SN-1", "cam1b", "myip=198.51.100.1");
            beacon.add("SN-2", "cam2", "myip=198.51.100.2");
            AdminClient api = AdminClient.withNewToken(beacon.server(), "ops", AdminToken.Scope.READ);
            JsonNode zones = api.get("/api/v1/zones").json();
            assertThat(zones).hasSize(1);
            JsonNode z = zones.get(0);
            assertThat(z.get("name").asText()).isEqualTo("ddns.test");
            assertThat(z.get("devices").asInt()).isEqualTo(2);
            assertThat(z.get("names").asInt()).isEqualTo(3);
            String soa = Dig.ask(beacon.dnsPort(), "ddns.test", "SOA").answer().get(0);
            assertThat(soa.split("\\s+")[6]).isEqualTo(z.get("serial").asText());
        }
    }

    @Test
    void aDeviceItemCarriesItsNamesDataAndLastSeen() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            beacon.add("00:11:22:33:44:55", "cam1", "myip=198.51.100.7&port=8080&fw=2.1");
            AdminClient api = AdminClient.withNewToken(beacon.server(), "ops", AdminToken.Scope.READ);
            JsonNode d = api.get("/api/v1/devices/" + enc("00:11:22:33:44:55")).json();
            assertThat(d.get("device_id").asText()).isEqualTo("00:11:22:33:44:55");
            assertThat(d.get("zone").asText()).isEqualTo("ddns.test");
            assertThat(d.get("names").get(0).asText()).isEqualTo("cam1.ddns.test");
            assertThat(d.get("ipv4").asText()).isEqualTo("198.51.100.7");
            assertThat(d.get("ipv6").isNull()).isTrue();
            assertThat(d.get("fields").get("port").asText()).isEqualTo("8080");
            assertThat(d.get("fields").get("fw").asText()).isEqualTo("2.1");
            assertThat(d.get("user_agent").asText()).isEqualTo(TestServer.USER_AGENT);
            assertThat(d.get("source").asText()).isEqualTo("127.0.0.1");
            assertThat(d.get("created").asText()).endsWith("Z");
            assertThat(d.get("last_seen").asText()).endsWith("Z");
            assertThat(d.get("blocked").asBoolean()).isFalse();
            assertThat(d.get("history")).hasSize(1);
        }
    }

    @Test
    void devicesPageInIdOrderAndConcurrentInsertsNeitherRepeatNorSkipOthers() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            List<String> original = new ArrayList<>();
            for (int i = 0; i < 40; i += 2) {
                assertThat(beacon.add(mac(i), "cam" + i, "myip=198.51.100.1")).startsWith("10");
                original.add(mac(i));
            }
            AdminClient api = AdminClient.withNewToken(beacon.server(), "ops", AdminToken.Scope.READ);
            List<String> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            int inserted = 1;
            do {
                JsonNode page = api.get("/api/v1/devices?limit=7" + (cursor == null ? "" : "&cursor=" + cursor)).json();
                page.get("items").forEach(d -> seen.add(d.get("device_id").asText()));
                cursor = page.get("next").isNull() ? null : page.get("next").asText();
                // Between pages, devices land before and after the cursor.
                beacon.add(mac(inserted), "new" + inserted, "myip=198.51.100.2");
                inserted += 2;
                pages++;
            } while (cursor != null && pages < 50);
            assertThat(seen).doesNotHaveDuplicates().isSorted().containsAll(original);
        }
    }

    @Test
    void f5TheQueryFindsANamePrefixADeviceIdPrefixAnAddressAndAUserAgentPart() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            beacon.add("00:11:22:33:44:55", "frontdoor", "myip=198.51.100.10");
            beacon.add("SERIAL-77", "garage", "myip=198.51.100.11");
            beacon.client().send(beacon.request("/add.aspx?mac=" + beacon.token("SERIAL-78") + "&dm=attic&myip=2001:db8::5")
                    .setHeader("User-Agent", "Globex - DVR 9 - 4.4").GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            AdminClient api = AdminClient.withNewToken(beacon.server(), "ops", AdminToken.Scope.READ);
            assertThat(ids(api, "front")).containsExactly("00:11:22:33:44:55");
            assertThat(ids(api, "serial-7")).containsExactly("SERIAL-77", "SERIAL-78");
            assertThat(ids(api, "198.51.100.11")).containsExactly("SERIAL-77");
            assertThat(ids(api, "2001:db8:0:0::5")).containsExactly("SERIAL-78");
            assertThat(ids(api, "dvr 9")).containsExactly("SERIAL-78");
            assertThat(ids(api, "100%_")).isEmpty();
        }
    }

    private static List<String> ids(AdminClient api, String q) throws Exception {
        List<String> out = new ArrayList<>();
        api.get("/api/v1/devices?q=" + enc(q)).json().get("items").forEach(d -> out.add(d.get("device_id").asText()));
        return out;
    }

    @Test
    void aBlockedDeviceHears02ItsNameKeepsResolvingAndUnblockingLetsItBackIn() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            beacon.add("SN-1", "cam1", "myip=198.51.100.1");
            AdminClient api = AdminClient.withNewToken(beacon.server(), "alice", AdminToken.Scope.WRITE);
            AdminClient.Reply block = api.post("/api/v1/devices/SN-1/block");
            assertThat(block.status()).isEqualTo(200);
            assertThat(block.json().get("blocked").asBoolean()).isTrue();
            assertThat(beacon.update("SN-1", "myip=198.51.100.9")).isEqualTo("02");
            assertThat(beacon.add("SN-1", "other", "myip=198.51.100.9")).isEqualTo("02");
            assertThat(Dig.ask(beacon.dnsPort(), "cam1.ddns.test", "A").answer()).anyMatch(l -> l.endsWith("198.51.100.1"));
            assertThat(api.get("/api/v1/devices/SN-1").json().get("blocked").asBoolean()).isTrue();
            assertThat(api.post("/api/v1/devices/SN-1/unblock").status()).isEqualTo(200);
            assertThat(beacon.update("SN-1", "myip=198.51.100.9")).isEqualTo("09");
        }
    }

    @Test
    void aBlockHoldsAcrossARestart() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            beacon.add("SN-1", "cam1", "myip=198.51.100.1");
            AdminClient api = AdminClient.withNewToken(beacon.server(), "alice", AdminToken.Scope.WRITE);
            assertThat(api.post("/api/v1/devices/SN-1/block").status()).isEqualTo(200);
        }
        try (TestServer beacon = TestServer.in(dir).start()) {
            assertThat(beacon.update("SN-1", "myip=198.51.100.9")).isEqualTo("02");
        }
    }

    @Test
    void aDeviceNotYetSeenCanBeBlockedBeforeItsFirstRequest() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            AdminClient api = AdminClient.withNewToken(beacon.server(), "alice", AdminToken.Scope.WRITE);
            assertThat(api.post("/api/v1/devices/SN-9/block").status()).isEqualTo(200);
            assertThat(beacon.add("SN-9", "cam9", "myip=198.51.100.1")).isEqualTo("02");
            assertThat(Dig.ask(beacon.dnsPort(), "cam9.ddns.test", "A").status()).isEqualTo("NXDOMAIN");
        }
    }

    @Test
    void historyShowsWhatChangedOldToNewAndWhichAdminOrNode() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            beacon.add("SN-1", "cam1", "myip=198.51.100.1");
            beacon.update("SN-1", "myip=198.51.100.2");
            AdminClient api = AdminClient.withNewToken(beacon.server(), "alice", AdminToken.Scope.WRITE);
            api.post("/api/v1/devices/SN-1/block");
            api.delete("/api/v1/names/cam1.ddns.test");
            JsonNode history = api.get("/api/v1/devices/SN-1").json().get("history");
            assertThat(history).hasSize(4);
            assertThat(history.get(0).get("change").asText()).isEqualTo("released");
            assertThat(history.get(0).get("by").asText()).isEqualTo("admin alice");
            assertThat(history.get(0).get("name").asText()).isEqualTo("cam1.ddns.test");
            assertThat(history.get(1).get("change").asText()).isEqualTo("blocked");
            assertThat(history.get(1).get("by").asText()).isEqualTo("admin alice");
            JsonNode update = history.get(2);
            assertThat(update.get("change").asText()).isEqualTo("updated");
            assertThat(update.get("changes").get("ipv4").get("old").asText()).isEqualTo("198.51.100.1");
            assertThat(update.get("changes").get("ipv4").get("new").asText()).isEqualTo("198.51.100.2");
            assertThat(update.get("by").asText()).isEqualTo("device (node " + beacon.server().registry().node() + ")");
            assertThat(history.get(3).get("change").asText()).isEqualTo("created");
        }
    }

    @Test
    void releasingANameMakesDnsAnswerNxdomainAtOnceAndFreesItForAnotherDevice() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            beacon.add("SN-1", "cam1", "myip=198.51.100.1");
            AdminClient api = AdminClient.withNewToken(beacon.server(), "alice", AdminToken.Scope.WRITE);
            AdminClient.Reply r = api.delete("/api/v1/names/CAM1.ddns.test.");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("name").asText()).isEqualTo("cam1.ddns.test");
            assertThat(Dig.ask(beacon.dnsPort(), "cam1.ddns.test", "A").status()).isEqualTo("NXDOMAIN");
            assertThat(beacon.add("SN-2", "cam1", "myip=198.51.100.2")).isEqualTo("10|cam1.ddns.test");
        }
    }

    @Test
    void f4ReleasingANameNobodyHoldsIs404() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            AdminClient api = AdminClient.withNewToken(beacon.server(), "alice", AdminToken.Scope.WRITE);
            assertThat(api.delete("/api/v1/names/nobody.ddns.test").status()).isEqualTo(404);
            assertThat(api.delete("/api/v1/names/cam1.example.org").status()).isEqualTo(404);
        }
    }

    @Test
    void f3BadParametersAndPathsAre400SayingWhich() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            AdminClient api = AdminClient.withNewToken(beacon.server(), "alice", AdminToken.Scope.WRITE);
            assertError(api.get("/api/v1/devices?cursor=notacursor!"), 400, "cursor");
            assertError(api.get("/api/v1/devices?limit=0"), 400, "limit");
            assertError(api.get("/api/v1/devices?limit=abc"), 400, "limit");
            assertError(api.get("/api/v1/devices?limit=5&limit=6"), 400, "once");
            assertError(api.get("/api/v1/devices/%C3%28"), 400, "UTF-8");
            assertError(api.get("/api/v1/devices/" + "x".repeat(65)), 400, "device id");
            try (dev.beacon.testing.RawHttp raw = new dev.beacon.testing.RawHttp(beacon.server().adminAddress().getPort())) {
                dev.beacon.testing.RawHttp.Response r = raw.send("GET /api/v1/devices/%ZZ HTTP/1.1\r\nHost: x\r\n"
                        + "Authorization: Bearer " + api.token() + "\r\n\r\n").read();
                assertThat(r.head()).startsWith("HTTP/1.1 400");
                assertThat(r.body()).contains("broken %-escape");
            }
        }
    }

    @Test
    void f4UnknownThingsAre404AndAWrongMethodIs405() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            AdminClient api = AdminClient.withNewToken(beacon.server(), "alice", AdminToken.Scope.WRITE);
            assertError(api.get("/api/v1/devices?zone=nowhere.test"), 404, "zone");
            assertError(api.get("/api/v1/devices/SN-404"), 404, "SN-404");
            assertError(api.get("/api/v1/devices/SN-1/block"), 405, "POST");
            assertError(api.post("/api/v1/zones"), 405, "GET");
            assertError(api.get("/api/v1/nothing"), 404, "no such endpoint");
            assertError(api.get("/api/v2/zones"), 404, "/api/v1/");
        }
    }

    private static void assertError(AdminClient.Reply r, int status, String says) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.raw().headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.json().get("error").asText()).containsIgnoringCase(says);
    }

    @Test
    void theFleetReportShowsFirmwareReplyCodesAndOffenders() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            beacon.add("SN-1", "cam1", "myip=198.51.100.1");
            for (int i = 0; i < 5; i++) {
                assertThat(beacon.update("SN-1", "myip=198.51.100.1")).isEqualTo("08");
            }
            beacon.client().send(beacon.request("/add.aspx?mac=" + beacon.token("SN-2") + "&dm=dvr2&myip=198.51.100.2")
                    .setHeader("User-Agent", "Globex - DVR 9 - 4.4").GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            AdminClient api = AdminClient.withNewToken(beacon.server(), "ops", AdminToken.Scope.READ);
            JsonNode report = api.get("/api/v1/reports/fleet?zone=ddns.test&silent_days=1").json();
            JsonNode acme = null;
            for (JsonNode f : report.get("firmware")) {
                if (f.get("user_agent").asText().equals(TestServer.USER_AGENT)) {
                    acme = f;
                }
            }
            assertThat(acme).isNotNull();
            assertThat(acme.get("devices").asInt()).isEqualTo(1);
            assertThat(acme.get("requests").asInt()).isEqualTo(6);
            assertThat(acme.get("codes").get("08").asDouble()).isEqualTo(5.0 / 6, org.assertj.core.data.Offset.offset(0.001));
            assertThat(acme.get("median_update_seconds").isNull()).isFalse();
            JsonNode chatty = report.get("offenders").get("devices_by_08_per_hour").get(0);
            assertThat(chatty.get("device_id").asText()).isEqualTo("SN-1");
            assertThat(chatty.get("per_hour").asInt()).isEqualTo(5);
            assertThat(report.get("offenders").get("addresses_by_08_per_hour").get(0).get("address").asText())
                    .isEqualTo("127.0.0.1");
            assertThat(report.get("offenders").get("silent_devices")).isEmpty();
        }
    }

    @Test
    void aDevicesDataIsThatOfItsMostRecentlyChangedName() throws Exception {
        try (TestServer beacon = TestServer.in(dir).policy("{max-names-per-device: 2}").start()) {
            beacon.add("SN-1", "cam1", "myip=198.51.100.1");
            beacon.add("SN-1", "cam1b", "myip=198.51.100.2");
            AdminClient api = AdminClient.withNewToken(beacon.server(), "ops", AdminToken.Scope.READ);
            JsonNode d = api.get("/api/v1/devices/SN-1").json();
            assertThat(d.get("names")).extracting(JsonNode::asText).containsExactly("cam1.ddns.test", "cam1b.ddns.test");
            assertThat(d.get("ipv4").asText()).isEqualTo("198.51.100.2");
        }
    }

    @Test
    void historyHoldsTheLast100EntriesNewestFirst() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            beacon.add("SN-1", "cam1", "myip=198.51.100.1");
            for (int i = 1; i <= 104; i++) {
                assertThat(beacon.update("SN-1", "myip=198.51." + (i / 200) + "." + (i % 200 + 1))).isEqualTo("09");
            }
            AdminClient api = AdminClient.withNewToken(beacon.server(), "ops", AdminToken.Scope.READ);
            JsonNode history = api.get("/api/v1/devices/SN-1").json().get("history");
            assertThat(history).hasSize(100);
            assertThat(history.get(0).get("changes").get("ipv4").get("new").asText()).isEqualTo("198.51.0.105");
            assertThat(history.get(0).get("seq").asLong()).isGreaterThan(history.get(99).get("seq").asLong());
        }
    }

    @Test
    void historyFollowsADeviceAcrossARename() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            beacon.add("SN-1", "cam1", "myip=198.51.100.1");
            assertThat(beacon.add("SN-1", "porch", "myip=198.51.100.1")).isEqualTo("10|porch.ddns.test");
            AdminClient api = AdminClient.withNewToken(beacon.server(), "ops", AdminToken.Scope.READ);
            JsonNode history = api.get("/api/v1/devices/SN-1").json().get("history");
            List<String> entries = new ArrayList<>();
            history.forEach(h -> entries.add(h.get("change").asText() + " " + h.get("name").asText()));
            assertThat(entries).containsExactly("created porch.ddns.test", "released cam1.ddns.test",
                    "created cam1.ddns.test");
        }
    }

    @Test
    void aBlockedDeviceIsRefusedOnEveryDialectAndBlockingTwiceChangesNothing() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            beacon.add("SN-1", "cam1", "myip=198.51.100.1");
            AdminClient api = AdminClient.withNewToken(beacon.server(), "alice", AdminToken.Scope.WRITE);
            assertThat(api.post("/api/v1/devices/SN-1/block").json().get("changed").asBoolean()).isTrue();
            assertThat(api.post("/api/v1/devices/SN-1/block").json().get("changed").asBoolean()).isFalse();
            String basic = java.util.Base64.getEncoder().encodeToString(("cam:" + beacon.token("SN-1"))
                    .getBytes(StandardCharsets.UTF_8));
            java.net.http.HttpResponse<String> nic = beacon.client().send(beacon.request(
                    "/nic/update?hostname=cam1.ddns.test&myip=198.51.100.9").header("Authorization", "Basic " + basic)
                    .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(nic.body()).isEqualTo("badauth");
            assertThat(api.post("/api/v1/devices/SN-1/unblock").json().get("changed").asBoolean()).isTrue();
            assertThat(api.post("/api/v1/devices/SN-1/unblock").json().get("changed").asBoolean()).isFalse();
        }
    }

    @Test
    void releasingANameBumpsTheSerial() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            beacon.add("SN-1", "cam1", "myip=198.51.100.1");
            AdminClient api = AdminClient.withNewToken(beacon.server(), "alice", AdminToken.Scope.WRITE);
            long before = api.get("/api/v1/zones").json().get(0).get("serial").asLong();
            api.delete("/api/v1/names/cam1.ddns.test");
            long after = api.get("/api/v1/zones").json().get(0).get("serial").asLong();
            assertThat(after).isGreaterThan(before);
            String soa = Dig.ask(beacon.dnsPort(), "ddns.test", "SOA").answer().get(0);
            assertThat(Long.parseLong(soa.split("\\s+")[6])).isEqualTo(after);
        }
    }

    @Test
    void f3APageHolds50DevicesUnlessALimitFrom1To1000IsGiven() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            for (int i = 0; i < 55; i++) {
                beacon.add(mac(i), "cam" + i, "myip=198.51.100.1");
            }
            AdminClient api = AdminClient.withNewToken(beacon.server(), "ops", AdminToken.Scope.READ);
            JsonNode page = api.get("/api/v1/devices").json();
            assertThat(page.get("items")).hasSize(50);
            assertThat(page.get("next").isNull()).isFalse();
            JsonNode rest = api.get("/api/v1/devices?cursor=" + page.get("next").asText()).json();
            assertThat(rest.get("items")).hasSize(5);
            assertThat(rest.get("next").isNull()).isTrue();
            assertThat(api.get("/api/v1/devices?limit=1000").json().get("items")).hasSize(55);
            assertError(api.get("/api/v1/devices?limit=1001"), 400, "limit");
        }
    }

    @Test
    void f6ZoneNarrowsTheListAndPicksADevicesZone() throws Exception {
        try (TestServer beacon = TestServer.in(dir).secondZone("other.test").start()) {
            beacon.add("SN-1", "cam1", "myip=198.51.100.1");
            assertThat(beacon.body("/add.aspx?mac=" + beacon.tokenInSecondZone("SN-1") + "&dm=cam1&myip=198.51.100.2"))
                    .isEqualTo("10|cam1.other.test");
            AdminClient api = AdminClient.withNewToken(beacon.server(), "ops", AdminToken.Scope.READ);
            assertThat(api.get("/api/v1/devices").json().get("items")).hasSize(2);
            JsonNode other = api.get("/api/v1/devices?zone=other.test").json().get("items");
            assertThat(other).hasSize(1);
            assertThat(other.get(0).get("zone").asText()).isEqualTo("other.test");
            assertError(api.get("/api/v1/devices/SN-1"), 400, "zone");
            assertThat(api.get("/api/v1/devices/SN-1?zone=other.test").json().get("ipv4").asText())
                    .isEqualTo("198.51.100.2");
        }
    }

    @Test
    void theFleetReportNamesFloodingDevicesAndAddressesAndSilentDevices() throws Exception {
        try (TestServer beacon = TestServer.in(dir)
                .flood("{device: {burst: 2, per-second: 0.01}, address: {burst: 100000, per-second: 100000}}").start()) {
            beacon.add("SN-1", "cam1", "myip=198.51.100.1");
            beacon.add("SN-2", "cam2", "myip=198.51.100.2");
            List<String> replies = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                replies.add(beacon.update("SN-1", "myip=198.51.100.1"));
            }
            assertThat(replies).contains("911");
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(beacon.server().config().store().url().text());
                    java.sql.Statement st = c.createStatement()) {
                // As if SN-2 had not been heard from for ten days.
                st.executeUpdate("UPDATE records SET last_seen_at = " + (System.currentTimeMillis() - 10 * 86_400_000L)
                        + " WHERE device_id = 'SN-2'");
            }
            AdminClient api = AdminClient.withNewToken(beacon.server(), "ops", AdminToken.Scope.READ);
            JsonNode offenders = api.get("/api/v1/reports/fleet").json().get("offenders");
            assertThat(offenders.get("devices_by_911").get(0).get("device_id").asText()).isEqualTo("SN-1");
            assertThat(offenders.get("addresses_by_911").get(0).get("address").asText()).isEqualTo("127.0.0.1");
            assertThat(offenders.get("silent_devices")).hasSize(1);
            assertThat(offenders.get("silent_devices").get(0).get("device_id").asText()).isEqualTo("SN-2");
            assertThat(offenders.get("silent_devices").get(0).get("silent_days").asInt()).isEqualTo(10);
        }
    }

    @Test
    void dyndns2RepliesCountInTheReportAsTheNativeCodeTheyStandFor() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            beacon.add("SN-1", "cam1", "myip=198.51.100.1");
            String basic = java.util.Base64.getEncoder().encodeToString(("cam:" + beacon.token("SN-1"))
                    .getBytes(StandardCharsets.UTF_8));
            java.net.http.HttpResponse<String> nic = beacon.client().send(beacon.request(
                    "/nic/update?hostname=cam1.ddns.test&myip=198.51.100.9").header("Authorization", "Basic " + basic)
                    .setHeader("User-Agent", "RouterOS 7").GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(nic.body()).isEqualTo("good 198.51.100.9");
            AdminClient api = AdminClient.withNewToken(beacon.server(), "ops", AdminToken.Scope.READ);
            JsonNode router = null;
            for (JsonNode f : api.get("/api/v1/reports/fleet").json().get("firmware")) {
                if (f.get("user_agent").asText().equals("RouterOS 7")) {
                    router = f;
                }
            }
            assertThat(router).isNotNull();
            assertThat(router.get("codes").get("09").asDouble()).isEqualTo(1.0);
        }
    }

    @Test
    void f7ABlockedDeviceIsRefusedWithoutAskingTheDatabaseAndAChangeWhileItIsDownIs503() throws Exception {
        String url = dev.beacon.testing.Postgres.freshSchemaUrl();
        try (dev.beacon.testing.TcpRelay relay = new dev.beacon.testing.TcpRelay(5432);
                TestServer beacon = TestServer.in(dir).db(url.replace("127.0.0.1:5432", "127.0.0.1:" + relay.port()))
                        .storage("{connect-timeout: 1s, commit-timeout: 3s}").start()) {
            beacon.add("SN-1", "cam1", "myip=198.51.100.1");
            beacon.add("SN-2", "cam2", "myip=198.51.100.2");
            AdminClient api = AdminClient.withNewToken(beacon.server(), "alice", AdminToken.Scope.WRITE);
            assertThat(api.post("/api/v1/devices/SN-1/block").status()).isEqualTo(200);
            relay.cut();
            long start = System.nanoTime();
            assertThat(beacon.update("SN-1", "myip=198.51.100.9")).isEqualTo("02");
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofMillis(500));
            AdminClient.Reply down = api.delete("/api/v1/names/cam2.ddns.test");
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.json().get("error").asText()).startsWith("storage unavailable");
            relay.restore();
            assertThat(Dig.ask(beacon.dnsPort(), "cam2.ddns.test", "A").status()).isEqualTo("NOERROR");
        } finally {
            dev.beacon.testing.Postgres.dropSchema(url);
        }
    }

    @Test
    void theOverviewGivesZonesReplyCodesAndTheWritersFigures() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            beacon.add("SN-1", "cam1", "myip=198.51.100.1");
            beacon.update("SN-1", "myip=198.51.100.1");
            AdminClient api = AdminClient.withNewToken(beacon.server(), "ops", AdminToken.Scope.READ);

            JsonNode o = api.get("/api/v1/overview").json();

            assertThat(o.get("zones").get(0).get("devices").asLong()).isEqualTo(1);
            assertThat(o.get("reply_codes").get("10").asLong()).isEqualTo(1);
            assertThat(o.get("reply_codes").get("08").asLong()).isEqualTo(1);
            assertThat(o.get("writer_queue").asLong()).isZero();
            assertThat(o.get("webhook_pending").isNull()).as("no zone has webhooks").isTrue();
            assertThat(o.get("activity").isArray()).isTrue();
        }
    }

    @Test
    void f11AZoneThatDoesNotAllowOperatorTokensRefusesToMintOne() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            AdminClient api = AdminClient.withNewToken(beacon.server(), "ops", AdminToken.Scope.WRITE);

            AdminClient.Reply r = api.post("/api/v1/tokens?device_id=SN-1");

            assertThat(r.status()).isEqualTo(403);
            assertThat(r.json().get("error").asText()).contains("operator-tokens");
        }
    }

    @Test
    void f11AMintedDeviceTokenIsOneTheDeviceApiAcceptsAndBadRequestsAreRefused() throws Exception {
        try (TestServer beacon = TestServer.in(dir).policy("{operator-tokens: true}").start()) {
            AdminClient api = AdminClient.withNewToken(beacon.server(), "ops", AdminToken.Scope.WRITE);
            AdminClient reader = AdminClient.withNewToken(beacon.server(), "viewer", AdminToken.Scope.READ);

            AdminClient.Reply minted = api.post("/api/v1/tokens?device_id=SN-9");

            assertThat(minted.status()).isEqualTo(200);
            assertThat(minted.json().get("device_id").asText()).isEqualTo("SN-9");
            assertThat(beacon.body("/add.aspx?mac=" + minted.json().get("token").asText() + "&dm=gate&myip=198.51.100.3"))
                    .isEqualTo("10|gate.ddns.test");
            assertThat(reader.post("/api/v1/tokens?device_id=SN-9").status()).isEqualTo(403);
            assertThat(api.post("/api/v1/tokens").json().get("error").asText()).startsWith("device_id: required");
            assertThat(api.post("/api/v1/tokens?device_id=" + enc("a\u0001b")).status()).isEqualTo(400);
        }
    }

    @Test
    void f12DevicesSortByLastSeenEitherWayAndACursorOnlyFitsItsSort() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            for (int i = 1; i <= 3; i++) {
                beacon.add("SN-" + i, "cam" + i, "myip=198.51.100." + i);
                Thread.sleep(5);
            }
            AdminClient api = AdminClient.withNewToken(beacon.server(), "ops", AdminToken.Scope.READ);

            JsonNode newest = api.get("/api/v1/devices?sort=-last_seen&limit=2").json();
            JsonNode oldest = api.get("/api/v1/devices?sort=last_seen").json();

            assertThat(newest.get("items").findValuesAsText("device_id")).containsExactly("SN-3", "SN-2");
            JsonNode rest = api.get("/api/v1/devices?sort=-last_seen&limit=2&cursor=" + newest.get("next").asText()).json();
            assertThat(rest.get("items").findValuesAsText("device_id")).containsExactly("SN-1");
            assertThat(rest.get("next").isNull()).isTrue();
            assertThat(oldest.get("items").findValuesAsText("device_id")).containsExactly("SN-1", "SN-2", "SN-3");
            AdminClient.Reply mixed = api.get("/api/v1/devices?limit=2&cursor=" + newest.get("next").asText());
            assertThat(mixed.status()).isEqualTo(400);
            assertThat(api.get("/api/v1/devices?sort=name").json().get("error").asText())
                    .isEqualTo("sort: device, last_seen or -last_seen");
        }
    }
}
