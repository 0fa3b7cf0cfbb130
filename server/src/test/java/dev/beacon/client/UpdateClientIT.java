package dev.beacon.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beacon.fleet.FleetStats;
import dev.beacon.testing.Dig;
import dev.beacon.testing.TestServer;
import dev.beacon.token.DeviceId;
import dev.beacon.token.TokenCodec;
import dev.beacon.token.TokenKey;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference update client against a real Beacon. Sleeping is recorded instead of done, so
 * the client's real logic runs at full speed; the "WAN address" comes from a detect command
 * reading a file the test changes (on loopback the server always sees 127.0.0.1).
 */
class UpdateClientIT {

    private static final String DEVICE = "E0:46:9A:B8:1B:FC";
    private static final String AGENT = "Acme - Cam X1 - client-test";

    @TempDir
    Path dir;
    TestServer beacon;
    final List<Duration> sleeps = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        beacon = TestServer.in(dir.resolve("beacon")).start();
        wanAddress("203.0.113.10");
    }

    @AfterEach
    void stop() {
        beacon.close();
    }

    private void wanAddress(String address) throws Exception {
        Files.writeString(dir.resolve("wan"), address + "\n");
    }

    private UpdateClient client(String name, boolean commandDetection, Clock clock, boolean clockless) throws Exception {
        ClientSettings settings = new ClientSettings(URI.create("http://127.0.0.1:" + beacon.port()),
                TokenKey.fromBase64(1, TestServer.KEY_BASE64), DeviceId.parse(DEVICE), name, dir.resolve("state"),
                Duration.ofSeconds(300), null, commandDetection ? "cat " + dir.resolve("wan") : null, clockless, AGENT);
        ServerApi api = new ServerApi(settings.server(), null, AGENT);
        ServerClock serverClock = new ServerClock(clock, clockless);
        AddressSource source = commandDetection ? new CommandAddress(settings.detectCommand())
                : new IpDetect(api, serverClock::observe);
        UpdateClient.Log log = log();
        return new UpdateClient(settings, api, source, new StateFile(settings.state(), log::warn),
                new TokenCodec(new java.security.SecureRandom()), serverClock,
                new Backoff(Duration.ofSeconds(30), Duration.ofHours(1), new Random(7)), sleeps::add, new Random(7), log);
    }

    /** Keeps warnings for the assertions; information is not needed. */
    private UpdateClient.Log log() {
        return new UpdateClient.Log() {
            @Override
            public void info(String message) {
            }

            @Override
            public void warn(String message) {
                warnings.add(message);
            }
        };
    }

    private UpdateClient client(String name) throws Exception {
        return client(name, true, Clock.systemUTC(), false);
    }

    /** Updates the server counted for the client's User-Agent (changes and no-changes). */
    private long updatesSeen() {
        Map<FleetStats.Event, Long> counts = beacon.server().fleet().snapshot().getOrDefault(AGENT, Map.of());
        return counts.getOrDefault(FleetStats.Event.CHANGE, 0L) + counts.getOrDefault(FleetStats.Event.NO_CHANGE, 0L);
    }

    @Test
    void bootRegistersTheNameWhenTheServerHasNoRecord() throws Exception {
        assertThat(client("cam1").boot().ok()).isTrue();
        assertThat(Dig.ask(beacon.dnsPort(), "cam1.ddns.test", "A").answer())
                .containsExactly("cam1.ddns.test. 60 IN A 203.0.113.10");
        assertThat(new StateFile(dir.resolve("state"), warnings::add).load().address()).isEqualTo("203.0.113.10");
    }

    @Test
    void bootUpdatesEvenWhenTheRememberedAddressIsCurrent() throws Exception {
        client("cam1").boot();
        long before = updatesSeen();
        assertThat(client("cam1").boot().ok()).isTrue();
        assertThat(updatesSeen()).isEqualTo(before + 1);
    }

    @Test
    void pollsSendNoUpdateWhileTheAddressIsUnchanged() throws Exception {
        UpdateClient c = client("cam1");
        c.boot();
        long afterBoot = updatesSeen();
        for (int i = 0; i < 10; i++) {
            assertThat(c.poll().ok()).isTrue();
        }
        assertThat(updatesSeen()).isEqualTo(afterBoot);
    }

    @Test
    void pollsAskTheServersIpdetectByDefaultAndSendNothingElse() throws Exception {
        beacon.add(DEVICE, "cam1", "");
        UpdateClient c = client("cam1", false, Clock.systemUTC(), false);
        assertThat(c.boot().ok()).isTrue();
        assertThat(c.state().address()).isEqualTo("127.0.0.1");
        long afterBoot = updatesSeen();
        long requests = beacon.server().fleet().snapshot().get(AGENT).get(FleetStats.Event.REQUEST);
        for (int i = 0; i < 5; i++) {
            c.poll();
        }
        assertThat(updatesSeen()).isEqualTo(afterBoot);
        assertThat(beacon.server().fleet().snapshot().get(AGENT).get(FleetStats.Event.REQUEST)).isEqualTo(requests + 5);
    }

    @Test
    void aChangedAddressIsSentOnceAndResolvesAtOnce() throws Exception {
        UpdateClient c = client("cam1");
        c.boot();
        wanAddress("203.0.113.11");
        long before = updatesSeen();
        assertThat(c.poll().ok()).isTrue();
        assertThat(c.poll().ok()).isTrue();
        assertThat(updatesSeen()).isEqualTo(before + 1);
        assertThat(Dig.ask(beacon.dnsPort(), "cam1.ddns.test", "A").answer())
                .containsExactly("cam1.ddns.test. 60 IN A 203.0.113.11");
        assertThat(c.state().address()).isEqualTo("203.0.113.11");
    }

    @Test
    void floodRepliesMakeItBackOffHonouringRetryAfter() throws Exception {
        beacon.close();
        beacon = TestServer.in(dir.resolve("limited")).flood("{device: {burst: 2, per-minute: 1}}").start();
        UpdateClient c = client("cam1");
        assertThat(c.boot().ok()).isTrue();
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            wanAddress("203.0.113." + (20 + i));
            UpdateClient.Step step = c.poll();
            if (!step.ok()) {
                waits.add(step.delay());
            }
        }
        assertThat(waits).hasSizeGreaterThanOrEqualTo(3);
        for (Duration w : waits) {
            assertThat(w).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
        assertThat(waits.get(waits.size() - 1)).isGreaterThan(waits.get(0));
    }

    @Test
    void itRecoversAfterTheServerRestarts() throws Exception {
        UpdateClient c = client("cam1");
        assertThat(c.boot().ok()).isTrue();
        int port = beacon.port();
        beacon.close();
        wanAddress("203.0.113.30");
        UpdateClient.Step down = c.poll();
        assertThat(down.ok()).isFalse();
        assertThat(down.delay()).isPositive();
        assertThat(c.state().address()).isEqualTo("203.0.113.10");
        beacon = TestServer.in(dir.resolve("beacon")).httpPort(port).start();
        assertThat(c.poll().ok()).isTrue();
        assertThat(beacon.ipcheck(DEVICE)).isEqualTo("14|203.0.113.30");
    }

    @Test
    void aDamagedStateFileIsReportedAndTheClientUpdatesAsAtFirstBoot() throws Exception {
        client("cam1").boot();
        Files.writeString(dir.resolve("state"), "\u0000\u0000garbage");
        UpdateClient c = client("cam1");
        assertThat(warnings).anyMatch(w -> w.contains("damaged"));
        assertThat(c.state()).isEqualTo(ClientState.EMPTY);
        assertThat(c.boot().ok()).isTrue();
        assertThat(c.state().address()).isEqualTo("203.0.113.10");
    }

    @Test
    void aRefusedTokenStopsTheClientWithAConfigurationError() throws Exception {
        ClientSettings wrongKey = new ClientSettings(URI.create("http://127.0.0.1:" + beacon.port()),
                new TokenKey(1, new byte[32]), DeviceId.parse(DEVICE), "cam1", dir.resolve("state"), Duration.ofSeconds(300),
                null, "cat " + dir.resolve("wan"), false, AGENT);
        UpdateClient c = UpdateClient.standard(wrongKey, log());
        assertThatThrownBy(c::boot).isInstanceOf(ConfigurationError.class).hasMessageContaining("(02)");
    }

    @Test
    void noRecordAndNoNameIsAConfigurationError() {
        assertThatThrownBy(() -> client(null).boot()).isInstanceOf(ConfigurationError.class).hasMessageContaining("(13)");
    }

    @Test
    void overHttpsItTrustsTheGivenCaAndNothingElse() throws Exception {
        dev.beacon.testing.SelfSignedCert tls = dev.beacon.testing.SelfSignedCert.in(dir);
        beacon.close();
        beacon = TestServer.in(dir.resolve("tls")).https(tls.certificate(), tls.privateKey()).start();
        URI https = URI.create("https://127.0.0.1:" + beacon.server().httpsAddress().getPort());
        ClientSettings withCa = new ClientSettings(https, TokenKey.fromBase64(1, TestServer.KEY_BASE64), DeviceId.parse(DEVICE),
                "cam1", dir.resolve("state"), Duration.ofSeconds(300), tls.certificate(), null, false, AGENT);
        assertThat(UpdateClient.standard(withCa, log()).boot().ok()).isTrue();
        assertThat(beacon.ipcheck(DEVICE)).isEqualTo("14|127.0.0.1");

        ClientSettings systemStore = new ClientSettings(https, TokenKey.fromBase64(1, TestServer.KEY_BASE64),
                DeviceId.parse(DEVICE), "cam1", dir.resolve("state2"), Duration.ofSeconds(300), null, null, false, AGENT);
        UpdateClient.Step step = UpdateClient.standard(systemStore, log()).boot();
        assertThat(step.ok()).isFalse();
        assertThat(warnings).anyMatch(w -> w.contains("cannot learn the current address"));
    }

    @Test
    void aClocklessDeviceTakesTheTimeFromTheServer() throws Exception {
        Clock year2001 = Clock.fixed(Instant.parse("2001-01-01T00:00:00Z"), ZoneOffset.UTC);
        assertThatThrownBy(() -> client("cam1", true, year2001, false).boot()).isInstanceOf(ConfigurationError.class);
        assertThat(client("cam1", true, year2001, true).boot().ok()).isTrue();
    }

    @Test
    void runSleepsAboutTheIntervalBetweenChecks() throws Exception {
        List<Duration> waits = new ArrayList<>();
        UpdateClient c = new UpdateClient(settings(), new ServerApi(
                URI.create("http://127.0.0.1:" + beacon.port()), null, AGENT), new CommandAddress("cat " + dir.resolve("wan")),
                new StateFile(dir.resolve("state"), warnings::add), new TokenCodec(new java.security.SecureRandom()),
                new ServerClock(Clock.systemUTC(), false), Backoff.standard(new Random(1)), d -> {
                    waits.add(d);
                    if (waits.size() == 3) {
                        throw new InterruptedException("enough");
                    }
                }, new Random(1), log());
        assertThatThrownBy(c::run).isInstanceOf(InterruptedException.class);
        assertThat(waits).allSatisfy(d -> assertThat(d).isBetween(Duration.ofSeconds(270), Duration.ofSeconds(330)));
        assertThat(updatesSeen()).isEqualTo(1);
    }

    private ClientSettings settings() {
        return new ClientSettings(URI.create("http://127.0.0.1:" + beacon.port()), TokenKey.fromBase64(1, TestServer.KEY_BASE64),
                DeviceId.parse(DEVICE), "cam1", dir.resolve("state"), Duration.ofSeconds(300), null,
                "cat " + dir.resolve("wan"), false, AGENT);
    }
}
