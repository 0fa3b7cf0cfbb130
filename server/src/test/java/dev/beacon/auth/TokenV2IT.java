package dev.beacon.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.Dig;
import dev.beacon.testing.Postgres;
import dev.beacon.testing.TestServer;
import dev.beacon.token.DeviceId;
import dev.beacon.token.SignedRequest;
import dev.beacon.token.TokenKey;
import dev.beacon.token.TokenText;
import dev.beacon.token.TokenV2;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Version 2 tokens against a real server: each attack the token review made on version 1, now
 * made on version 2 and failing. Devices hold only their own keys (derived here from the test
 * master, as {@code beacon provision} would), requests go over real HTTP and answers come from dig.
 */
class TokenV2IT {

    /** The zone's master (not the version 1 zone key, which the test server also has). */
    private static final String MASTER = "ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+f4CBgoM=";
    private static final TokenKey MASTER_KEY = TokenKey.fromBase64(9, MASTER);
    private static final DeviceId CAM = DeviceId.parse("E0:46:9A:B8:1B:FC");
    private static final DeviceId OTHER = DeviceId.parse("SN-00012345");

    @TempDir
    Path dir;

    private static TestServer.Builder server(Path at) {
        return TestServer.in(at).zone("masters: [{id: 9, secret: '" + MASTER + "'}]");
    }

    /** A device's request with its own version 2 token: {@code path?params&mac=TOKEN}. */
    private static String request(DeviceId device, long counter, String endpoint, String... nameValues) {
        byte[] key = TokenV2.deviceKey(MASTER_KEY, device, 0);
        String token = TokenV2.mint(key, 9, 0, counter, device, SignedRequest.of(endpoint, nameValues));
        StringBuilder q = new StringBuilder("/" + endpoint + ".aspx?");
        for (int i = 0; i < nameValues.length; i += 2) {
            q.append(nameValues[i]).append('=').append(nameValues[i + 1]).append('&');
        }
        return q.append("mac=").append(token).toString();
    }

    @Test
    void aVersion2TokenDoesItsOneRequestOnce() throws Exception {
        try (TestServer beacon = server(dir).start()) {
            String add = request(CAM, 1, "add", "dm", "cam1", "myip", "198.51.100.7");

            assertThat(beacon.body(add)).isEqualTo("10|cam1.ddns.test");
            assertThat(beacon.body(add)).as("the same token again").isEqualTo("02");
            assertThat(beacon.body(request(CAM, 2, "update", "myip", "198.51.100.8"))).isEqualTo("09");
            assertThat(Dig.ask(beacon.dnsPort(), "cam1.ddns.test", "A").answer()).anyMatch(l -> l.endsWith("198.51.100.8"));
        }
    }

    @Test
    void aCapturedTokenCannotRegisterAnotherName() throws Exception {
        try (TestServer beacon = server(dir).start()) {
            String captured = request(CAM, 1, "add", "dm", "cam1", "myip", "198.51.100.7");
            String evil = captured.replace("dm=cam1", "dm=evilname");

            assertThat(beacon.body(evil)).isEqualTo("02");
            assertThat(Dig.ask(beacon.dnsPort(), "evilname.ddns.test", "A").status()).isEqualTo("NXDOMAIN");
            assertThat(beacon.body(captured)).as("the device's own request still works").isEqualTo("10|cam1.ddns.test");
        }
    }

    @Test
    void aUsedTokenIsRefusedAfterARestart() throws Exception {
        Path node = dir.resolve("node");
        String first = request(CAM, 1, "add", "dm", "cam1", "myip", "198.51.100.7");
        try (TestServer beacon = server(node).start()) {
            assertThat(beacon.body(first)).isEqualTo("10|cam1.ddns.test");
            assertThat(beacon.body(request(CAM, 2, "update", "myip", "198.51.100.8"))).isEqualTo("09");
        }
        try (TestServer restarted = server(node).start()) {
            assertThat(restarted.body(first.replace("198.51.100.7", "203.0.113.66"))).as("another address").isEqualTo("02");
            assertThat(restarted.body(request(CAM, 1, "update", "myip", "198.51.100.7"))).as("an old counter").isEqualTo("02");
            assertThat(Dig.ask(restarted.dnsPort(), "cam1.ddns.test", "A").answer())
                    .anyMatch(l -> l.endsWith("198.51.100.8"));
        }
    }

    @Test
    void oneDevicesKeyCannotActForAnother() throws Exception {
        try (TestServer beacon = server(dir).start()) {
            assertThat(beacon.body(request(OTHER, 1, "add", "dm", "victim", "myip", "198.51.100.9"))).isEqualTo("10|victim.ddns.test");
            byte[] camKey = TokenV2.deviceKey(MASTER_KEY, CAM, 0);
            String forged = TokenV2.mint(camKey, 9, 0, 99, OTHER, SignedRequest.of("remove"));

            assertThat(beacon.body("/remove.aspx?mac=" + forged)).isEqualTo("02");
            assertThat(Dig.ask(beacon.dnsPort(), "victim.ddns.test", "A").status()).isEqualTo("NOERROR");
        }
    }

    @Test
    void forgedTokensForAVictimsIdDoNotLockTheVictimOut() throws Exception {
        try (TestServer beacon = server(dir).flood("{device: {burst: 3, per-minute: 1}}").start()) {
            assertThat(beacon.body(request(OTHER, 1, "add", "dm", "victim", "myip", "198.51.100.9"))).isEqualTo("10|victim.ddns.test");
            byte[] wrongKey = TokenV2.deviceKey(MASTER_KEY, CAM, 0);
            for (int i = 0; i < 12; i++) {
                assertThat(beacon.body("/update.aspx?myip=203.0.113.66&mac="
                        + TokenV2.mint(wrongKey, 9, 0, 100 + i, OTHER, SignedRequest.of("update", "myip", "203.0.113.66"))))
                        .isEqualTo("02");
            }

            assertThat(beacon.body(request(OTHER, 2, "update", "myip", "198.51.100.10"))).isEqualTo("09");
        }
    }

    /**
     * The attack that broke version 1: firmware that repeats a GCM nonce lets an observer of two
     * tokens recover the authentication key and forge. Version 2 has no nonce; the same firmware
     * bug repeats a counter. An observer holding two tags made with one counter for two requests
     * combines them every way a linear MAC would allow; HMAC gives nothing to combine.
     */
    @Test
    void twoTokensWithARepeatedCounterGiveAnObserverNothingToForgeWith() throws Exception {
        try (TestServer beacon = server(dir).start()) {
            assertThat(beacon.body(request(CAM, 1, "add", "dm", "cam1", "myip", "198.51.100.7"))).isEqualTo("10|cam1.ddns.test");
            byte[] key = TokenV2.deviceKey(MASTER_KEY, CAM, 0);
            byte[] a = TokenText.decode(TokenV2.mint(key, 9, 0, 5, CAM, SignedRequest.of("update", "myip", "198.51.100.8")));
            byte[] b = TokenText.decode(TokenV2.mint(key, 9, 0, 5, CAM, SignedRequest.of("update", "myip", "198.51.100.9")));
            int tag = a.length - TokenV2.TAG;
            for (int variant = 0; variant < 4; variant++) {
                byte[] forged = a.clone();
                for (int i = tag; i < a.length; i++) {
                    forged[i] = (byte) switch (variant) {
                        case 0 -> a[i] ^ b[i];
                        case 1 -> b[i];
                        case 2 -> ~(a[i] ^ b[i]);
                        default -> a[i] ^ b[i] ^ a[tag + (i - tag + 1) % TokenV2.TAG];
                    };
                }
                assertThat(beacon.body("/update.aspx?myip=203.0.113.66&mac=" + TokenText.encode(forged)))
                        .as("forgery %d", variant).isEqualTo("02");
            }
            assertThat(Dig.ask(beacon.dnsPort(), "cam1.ddns.test", "A").answer()).anyMatch(l -> l.endsWith("198.51.100.7"));
        }
    }

    /**
     * Version 1 kept used nonces in one cache per zone, which 1,020 tokens from one key holder
     * filled, and every other device then got 911. Version 2 keeps a counter per device.
     */
    @Test
    void oneDeviceSpendingThousandsOfTokensLocksNoOtherDeviceOut() throws Exception {
        try (TestServer beacon = server(dir).start()) {
            assertThat(beacon.body(request(OTHER, 1, "add", "dm", "victim", "myip", "198.51.100.9"))).isEqualTo("10|victim.ddns.test");
            assertThat(beacon.body(request(CAM, 1, "add", "dm", "cam1", "myip", "198.51.100.7"))).isEqualTo("10|cam1.ddns.test");
            for (int i = 0; i < 1_100; i++) {
                assertThat(beacon.body(request(CAM, 2 + i, "update", "myip", "198.51.100.7"))).isEqualTo("08");
            }

            assertThat(beacon.body(request(OTHER, 2, "update", "myip", "198.51.100.10"))).isEqualTo("09");
        }
    }

    @Test
    void valuesAreSignedAsDecodedAndAParameterSentTwiceCannotBeSigned() throws Exception {
        try (TestServer beacon = server(dir).start()) {
            byte[] key = TokenV2.deviceKey(MASTER_KEY, CAM, 0);
            String plus = TokenV2.mint(key, 9, 0, 1, CAM, SignedRequest.of("add", "dm", "cam1", "fw", "1.0+"));
            assertThat(beacon.body("/add.aspx?dm=cam1&fw=1.0%2B&mac=" + plus)).isEqualTo("10|cam1.ddns.test");

            String twice = TokenV2.mint(key, 9, 0, 2, CAM, SignedRequest.of("update", "myip", "198.51.100.1",
                    "myip", "198.51.100.2"));
            assertThat(beacon.body("/update.aspx?myip=198.51.100.1&myip=198.51.100.2&mac=" + twice)).isEqualTo("02");
        }
    }

    @Test
    void aNewerGenerationStartsAfreshAndRetiresTheOlderKey() throws Exception {
        try (TestServer beacon = server(dir).start()) {
            assertThat(beacon.body(request(CAM, 50, "add", "dm", "cam1", "myip", "198.51.100.7"))).isEqualTo("10|cam1.ddns.test");
            byte[] next = TokenV2.deviceKey(MASTER_KEY, CAM, 1);
            String reprovisioned = TokenV2.mint(next, 9, 1, 1, CAM, SignedRequest.of("update", "myip", "198.51.100.8"));

            assertThat(beacon.body("/update.aspx?myip=198.51.100.8&mac=" + reprovisioned)).isEqualTo("09");
            assertThat(beacon.body(request(CAM, 51, "update", "myip", "198.51.100.9"))).as("the retired key").isEqualTo("02");
        }
    }

    @Test
    void aKeyFromBeaconProvisionIsOneTheServerAccepts() throws Exception {
        try (TestServer beacon = server(dir).start()) {
            java.nio.file.Files.writeString(dir.resolve("ids.txt"), "e0469ab81bfc\nSN-00012345\n");
            dev.beacon.testing.BeaconCommand.Run run = dev.beacon.testing.BeaconCommand.run(dir, "provision", "--config",
                    dir.resolve("beacon.yaml").toString(), "--csv", dir.resolve("ids.txt").toString());
            assertThat(run.status()).as(run.err()).isZero();
            java.util.List<String> rows = run.out().lines().toList();
            assertThat(rows).hasSize(3).first().isEqualTo("device_id,master_id,generation,device_key");
            String[] cam = rows.get(1).split(",");
            assertThat(cam[0]).isEqualTo("E0:46:9A:B8:1B:FC");
            byte[] key = java.util.Base64.getDecoder().decode(cam[3]);

            String token = TokenV2.mint(key, Integer.parseInt(cam[1]), Long.parseLong(cam[2]), 1, CAM,
                    SignedRequest.of("add", "dm", "cam1"));
            assertThat(beacon.body("/add.aspx?dm=cam1&mac=" + token)).isEqualTo("10|cam1.ddns.test");
        }
    }

    @Test
    void theJavaClientWithAProvisionedKeyRegistersAndUpdatesWithVersion2Tokens() throws Exception {
        try (TestServer beacon = server(dir).policy("{token-versions: [2]}").start()) {
            dev.beacon.testing.BeaconCommand.Run provisioned = dev.beacon.testing.BeaconCommand.run(dir, "provision",
                    "--config", dir.resolve("beacon.yaml").toString(), "--id", "SN-CLIENT");
            assertThat(provisioned.status()).as(provisioned.err()).isZero();
            java.nio.file.Files.writeString(dir.resolve("device.key"), provisioned.out());
            java.nio.file.Files.writeString(dir.resolve("wan"), "198.51.100.20\n");

            for (String wan : new String[] {"198.51.100.20", "198.51.100.21"}) {
                java.nio.file.Files.writeString(dir.resolve("wan"), wan + "\n");
                dev.beacon.testing.BeaconCommand.Run run = dev.beacon.testing.BeaconCommand.run(dir, "client", "--server",
                        beacon.base().toString(), "--device-key-file", dir.resolve("device.key").toString(), "--name", "gate",
                        "--detect-command", "cat " + dir.resolve("wan"), "--state", dir.resolve("state").toString(), "--once");
                assertThat(run.status()).as(run.err() + run.out()).isZero();
                assertThat(Dig.ask(beacon.dnsPort(), "gate.ddns.test", "A").answer()).anyMatch(l -> l.endsWith(wan));
            }
        }
    }

    @Test
    void provisioningAZoneWithoutAMasterSaysSo() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("beacon.yaml"), TestServer.in(dir).yaml());
        dev.beacon.testing.BeaconCommand.Run run = dev.beacon.testing.BeaconCommand.run(dir, "provision", "--config",
                dir.resolve("beacon.yaml").toString(), "--id", "SN-1");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("has no masters:");
    }

    @Test
    void aRevokedDeviceIsRefusedEvenForNoChangeUntilProvisionedAgainAndThatHoldsAcrossARestart() throws Exception {
        Path node = dir.resolve("node");
        try (TestServer beacon = server(node).start()) {
            assertThat(beacon.body(request(CAM, 1, "add", "dm", "cam1", "myip", "198.51.100.7"))).isEqualTo("10|cam1.ddns.test");
            dev.beacon.testing.AdminClient api = dev.beacon.testing.AdminClient.withNewToken(beacon.server(), "alice",
                    dev.beacon.store.AdminToken.Scope.WRITE);

            dev.beacon.testing.AdminClient.Reply revoked = api.post("/api/v1/devices/E0%3A46%3A9A%3AB8%3A1B%3AFC/revoke");

            assertThat(revoked.status()).isEqualTo(200);
            assertThat(revoked.json().get("lowest_generation").asLong()).isEqualTo(1);
            assertThat(beacon.body(request(CAM, 2, "update", "myip", "198.51.100.7"))).as("no change, old key").isEqualTo("02");
            assertThat(beacon.body(request(CAM, 3, "update", "myip", "198.51.100.8"))).as("a change, old key").isEqualTo("02");
            assertThat(api.get("/api/v1/devices/E0%3A46%3A9A%3AB8%3A1B%3AFC").json().get("history").get(0).get("change").asText())
                    .isEqualTo("revoked");
        }
        try (TestServer restarted = server(node).start()) {
            assertThat(restarted.body(request(CAM, 4, "update", "myip", "198.51.100.8"))).as("after a restart").isEqualTo("02");
            byte[] next = TokenV2.deviceKey(MASTER_KEY, CAM, 1);
            String reprovisioned = TokenV2.mint(next, 9, 1, 1, CAM, SignedRequest.of("update", "myip", "198.51.100.9"));
            assertThat(restarted.body("/update.aspx?myip=198.51.100.9&mac=" + reprovisioned)).isEqualTo("09");
        }
    }

    @Test
    void aRevocationOnOneNodeIsHeldByTheOther() throws Exception {
        String url = Postgres.freshSchemaUrl();
        try (TestServer a = server(dir.resolve("a")).db(url).start(); TestServer b = server(dir.resolve("b")).db(url).start()) {
            assertThat(a.body(request(CAM, 1, "add", "dm", "cam1", "myip", "198.51.100.7"))).isEqualTo("10|cam1.ddns.test");
            dev.beacon.testing.AdminClient api = dev.beacon.testing.AdminClient.withNewToken(a.server(), "alice",
                    dev.beacon.store.AdminToken.Scope.WRITE);
            assertThat(api.post("/api/v1/devices/E0%3A46%3A9A%3AB8%3A1B%3AFC/revoke").status()).isEqualTo(200);

            String stale = request(CAM, 2, "update", "myip", "198.51.100.7");
            long deadline = System.currentTimeMillis() + 5000;
            String answer = b.body(stale);
            while (!answer.equals("02") && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
                answer = b.body(request(CAM, System.currentTimeMillis(), "update", "myip", "198.51.100.7"));
            }
            assertThat(answer).isEqualTo("02");
        } finally {
            Postgres.dropSchema(url);
        }
    }

    @Test
    void aZoneThatAcceptsOnlyVersion2RefusesVersion1Tokens() throws Exception {
        try (TestServer beacon = server(dir).policy("{token-versions: [2]}").start()) {
            assertThat(beacon.add("SN-1", "old", "myip=198.51.100.7")).isEqualTo("02");
            assertThat(beacon.body(request(CAM, 1, "add", "dm", "cam1", "myip", "198.51.100.7"))).isEqualTo("10|cam1.ddns.test");
        }
    }

    @Test
    void aTokenOneNodeAcceptedIsRefusedByTheOther() throws Exception {
        String url = Postgres.freshSchemaUrl();
        try (TestServer a = server(dir.resolve("a")).db(url).start(); TestServer b = server(dir.resolve("b")).db(url).start()) {
            String first = request(CAM, 1, "add", "dm", "cam1", "myip", "198.51.100.7");
            assertThat(a.body(first)).isEqualTo("10|cam1.ddns.test");
            assertThat(a.body(request(CAM, 2, "update", "myip", "198.51.100.8"))).isEqualTo("09");

            // Once b has the change (its DNS answers it), the earlier counter replayed there is
            // a change of address that b's writer refuses. Before, b would answer it 08 from its
            // lagging memory, which changes nothing.
            awaitAnswer(b, "198.51.100.8");
            String replayed = request(CAM, 1, "update", "myip", "198.51.100.7");
            assertThat(b.body(replayed)).isEqualTo("02");
            assertThat(Dig.ask(b.dnsPort(), "cam1.ddns.test", "A").answer()).anyMatch(l -> l.endsWith("198.51.100.8"));
        } finally {
            Postgres.dropSchema(url);
        }
    }

    /** Waits (up to 10 s) until the server's DNS answers cam1 with this address. */
    private static void awaitAnswer(TestServer server, String address) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Dig.ask(server.dnsPort(), "cam1.ddns.test", "A").answer().stream().anyMatch(l -> l.endsWith(address))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("cam1 never answered " + address);
            }
            Thread.sleep(20);
        }
    }
}
