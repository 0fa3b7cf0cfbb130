package dev.beacon.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.ClientProcess;
import dev.beacon.testing.Dig;
import dev.beacon.testing.SelfSignedCert;
import dev.beacon.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real ddclient 3.10 (Debian package) speaking dyndns2 to Beacon on loopback. It runs once
 * in the foreground ({@code -daemon=0 -foreground}); the server is an IP literal and the address
 * comes from the config ({@code use=ip}), so ddclient sends nothing anywhere but 127.0.0.1.
 */
class DdclientIT {

    private static final String DEVICE = "SN-DDCLIENT";

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
    }

    @AfterEach
    void stop() {
        beacon.close();
    }

    private ClientProcess.Run ddclient(String host, String address, String password, String... extra) throws Exception {
        return ddclient(List.of("ssl=no", "server=127.0.0.1:" + beacon.port()), host, address, password, extra);
    }

    private ClientProcess.Run ddclient(List<String> transport, String host, String address, String password,
            String... extra) throws Exception {
        Path conf = dir.resolve("ddclient.conf");
        Files.deleteIfExists(conf);
        Files.createFile(conf, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(conf, String.join("\n",
                "daemon=0",
                "syslog=no",
                String.join("\n", transport),
                "usev4=ipv4, ipv4=" + address,
                "protocol=dyndns2",
                "login=device",
                "password='" + password + "'",
                host) + "\n");
        List<String> command = new java.util.ArrayList<>(List.of("ddclient", "-daemon=0", "-foreground",
                "-file", conf.toString(), "-cache", dir.resolve("ddclient.cache").toString()));
        command.addAll(List.of(extra));
        return ClientProcess.run(dir, command);
    }

    private String cachedStatus() throws Exception {
        String cache = Files.readString(dir.resolve("ddclient.cache"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("status=([a-z0-9]+)").matcher(cache);
        return m.find() ? m.group(1) : null;
    }

    private List<String> resolve(String name) throws Exception {
        return Dig.ask(beacon.dnsPort(), name, "A").answer();
    }

    @Test
    void firstRegistrationOfAnAddress() throws Exception {
        ClientProcess.Run run = ddclient("cam1.ddns.test", "203.0.113.5", secret);
        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS:  updating cam1.ddns.test: good: IP address set to 203.0.113.5");
        assertThat(cachedStatus()).isEqualTo("good");
        assertThat(resolve("cam1.ddns.test")).containsExactly("cam1.ddns.test. 60 IN A 203.0.113.5");
    }

    @Test
    void overHttpsTrustingAPrivateCaWithSslCaFile() throws Exception {
        ClientProcess.Run run = ddclient(List.of("ssl=yes", "ssl_ca_file=" + privateCa.certificate(),
                "server=127.0.0.1:" + beacon.server().httpsAddress().getPort()), "cam1.ddns.test", "203.0.113.7",
                secret);
        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).contains("good: IP address set to 203.0.113.7");
        assertThat(resolve("cam1.ddns.test")).containsExactly("cam1.ddns.test. 60 IN A 203.0.113.7");
    }

    /** As if the last update were an hour ago: ddclient waits at least 30 s between updates. */
    private void ageTheCache() throws Exception {
        Path cache = dir.resolve("ddclient.cache");
        long anHourAgo = System.currentTimeMillis() / 1000 - 3600;
        Files.writeString(cache, Files.readString(cache).replaceAll("(^|,)(atime|mtime)=\\d+", "$1$2=" + anHourAgo));
    }

    @Test
    void changedAddress() throws Exception {
        ddclient("cam1.ddns.test", "203.0.113.5", secret);
        ageTheCache();
        ClientProcess.Run run = ddclient("cam1.ddns.test", "203.0.113.6", secret);
        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).contains("good: IP address set to 203.0.113.6");
        assertThat(resolve("cam1.ddns.test")).containsExactly("cam1.ddns.test. 60 IN A 203.0.113.6");
    }

    @Test
    void unchangedAddressSentAnywayIsNochg() throws Exception {
        ddclient("cam1.ddns.test", "203.0.113.5", secret);
        ClientProcess.Run run = ddclient("cam1.ddns.test", "203.0.113.5", secret, "-force");
        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).contains("updating cam1.ddns.test: nochg");
        assertThat(cachedStatus()).isEqualTo("good");
        assertThat(resolve("cam1.ddns.test")).containsExactly("cam1.ddns.test. 60 IN A 203.0.113.5");
    }

    @Test
    void wrongPasswordFailsAndChangesNothing() throws Exception {
        ClientProcess.Run run = ddclient("cam1.ddns.test", "203.0.113.5", "not-the-token");
        assertThat(run.status()).isNotZero();
        assertThat(run.output()).contains("FAILED:   updating cam1.ddns.test: authorization failed");
        assertThat(resolve("cam1.ddns.test")).containsExactly("cam1.ddns.test. 60 IN A 198.51.100.1");
    }

    @Test
    void hostThatIsNotTheDevicesIsNohost() throws Exception {
        ClientProcess.Run run = ddclient("other.ddns.test", "203.0.113.5", secret);
        assertThat(run.status()).isNotZero();
        assertThat(run.output()).contains("updating other.ddns.test: nohost");
        assertThat(cachedStatus()).isEqualTo("nohost");
        assertThat(resolve("other.ddns.test")).containsExactly("other.ddns.test. 60 IN A 198.51.100.9");
    }
}
