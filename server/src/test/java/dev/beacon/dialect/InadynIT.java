package dev.beacon.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.ClientProcess;
import dev.beacon.testing.Dig;
import dev.beacon.testing.SelfSignedCert;
import dev.beacon.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real inadyn 2.10 (Debian package) with a {@code custom {}} provider pointed at Beacon on
 * loopback, run once in the foreground ({@code -1 --foreground}). Its address comes from a local
 * command, not a public check-IP service, and its cache file is seeded, because without one inadyn
 * looks the host name up in the system's DNS at start-up.
 */
class InadynIT {

    private static final String DEVICE = "SN-INADYN";

    @TempDir
    Path dir;
    TestServer beacon;
    SelfSignedCert privateCa;
    /** The device's secret, issued by the operator API as CLIENTS.md says. */
    String secret;

    @BeforeEach
    void start() throws Exception {
        privateCa = SelfSignedCert.in(Files.createDirectories(dir.resolve("tls")));
        beacon = TestServer.in(dir.resolve("beacon")).https(privateCa.certificate(), privateCa.privateKey()).start();
        assertThat(beacon.add(DEVICE, "cam1", "myip=198.51.100.1")).isEqualTo("10|cam1.ddns.test");
        beacon.add("SN-SOMEONE-ELSE", "other", "myip=198.51.100.9");
        secret = beacon.deviceSecret(DEVICE);
        Files.createDirectories(dir.resolve("cache"));
    }

    @AfterEach
    void stop() {
        beacon.close();
    }

    private ClientProcess.Run inadyn(String host, String address, String password, String... extra) throws Exception {
        return inadyn("", "false", beacon.port(), host, address, password, extra);
    }

    private ClientProcess.Run inadyn(String global, String ssl, int port, String host, String address, String password,
            String... extra) throws Exception {
        Path conf = dir.resolve("inadyn.conf");
        Files.writeString(conf, String.join("\n",
                "period = 300",
                global,
                "custom beacon {",
                "    ssl = " + ssl,
                "    username = device",
                "    password = \"" + password + "\"",
                "    checkip-command = \"echo " + address + "\"",
                "    ddns-server = \"127.0.0.1:" + port + "\"",
                "    ddns-path = \"/nic/update?hostname=%h&myip=%i\"",
                "    ddns-response = { good, nochg }",
                "    hostname = " + host,
                "}") + "\n");
        Path cache = dir.resolve("cache").resolve(host + ".cache");
        if (!Files.exists(cache)) {
            Files.writeString(cache, "0.0.0.0");
        }
        List<String> command = new ArrayList<>(List.of("inadyn", "-1", "--foreground", "-f", conf.toString(),
                "--cache-dir", dir.resolve("cache").toString(), "-P", dir.resolve("inadyn.pid").toString(), "-l", "info"));
        command.addAll(List.of(extra));
        return ClientProcess.run(dir, command);
    }

    private String cached(String host) throws Exception {
        return Files.readString(dir.resolve("cache").resolve(host + ".cache")).strip();
    }

    private List<String> resolve(String name) throws Exception {
        return Dig.ask(beacon.dnsPort(), name, "A").answer();
    }

    @Test
    void firstRegistrationOfAnAddress() throws Exception {
        ClientProcess.Run run = inadyn("cam1.ddns.test", "203.0.113.5", secret);
        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).contains("Successful alias table update for cam1.ddns.test => new IP# 203.0.113.5");
        assertThat(cached("cam1.ddns.test")).isEqualTo("203.0.113.5");
        assertThat(resolve("cam1.ddns.test")).containsExactly("cam1.ddns.test. 60 IN A 203.0.113.5");
    }

    @Test
    void overHttpsTrustingAPrivateCaWithCaTrustFile() throws Exception {
        ClientProcess.Run run = inadyn("ca-trust-file = " + privateCa.certificate(), "true",
                beacon.server().httpsAddress().getPort(), "cam1.ddns.test", "203.0.113.7", secret);
        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).contains("Successful alias table update for cam1.ddns.test => new IP# 203.0.113.7");
        assertThat(resolve("cam1.ddns.test")).containsExactly("cam1.ddns.test. 60 IN A 203.0.113.7");
    }

    @Test
    void changedAddress() throws Exception {
        inadyn("cam1.ddns.test", "203.0.113.5", secret);
        ClientProcess.Run run = inadyn("cam1.ddns.test", "203.0.113.6", secret);
        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).contains("new IP# 203.0.113.6");
        assertThat(cached("cam1.ddns.test")).isEqualTo("203.0.113.6");
        assertThat(resolve("cam1.ddns.test")).containsExactly("cam1.ddns.test. 60 IN A 203.0.113.6");
    }

    @Test
    void unchangedAddressSentAnywayIsNochgAndStillASuccess() throws Exception {
        inadyn("cam1.ddns.test", "203.0.113.5", secret);
        ClientProcess.Run run = inadyn("cam1.ddns.test", "203.0.113.5", secret, "--force", "-l", "debug");
        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).contains("nochg 203.0.113.5").contains("Successful alias table update");
        assertThat(resolve("cam1.ddns.test")).containsExactly("cam1.ddns.test. 60 IN A 203.0.113.5");
    }

    @Test
    void wrongPasswordIsAnAuthenticationFailure() throws Exception {
        ClientProcess.Run run = inadyn("cam1.ddns.test", "203.0.113.5", "not-the-token");
        assertThat(run.status()).isNotZero();
        assertThat(run.output()).contains("Authentication failure");
        assertThat(cached("cam1.ddns.test")).isEqualTo("0.0.0.0");
        assertThat(resolve("cam1.ddns.test")).containsExactly("cam1.ddns.test. 60 IN A 198.51.100.1");
    }

    @Test
    void hostThatIsNotTheDevicesFails() throws Exception {
        ClientProcess.Run run = inadyn("other.ddns.test", "203.0.113.5", secret);
        assertThat(run.status()).isNotZero();
        assertThat(run.output()).contains("nohost");
        assertThat(resolve("other.ddns.test")).containsExactly("other.ddns.test. 60 IN A 198.51.100.9");
    }
}
