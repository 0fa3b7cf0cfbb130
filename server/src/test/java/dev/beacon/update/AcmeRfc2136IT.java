package dev.beacon.update;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.ClientProcess;
import dev.beacon.testing.Dig;
import dev.beacon.testing.Pebble;
import dev.beacon.testing.TestServer;
import dev.beacon.testing.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end with real ACME over RFC 2136: certbot's dns-rfc2136 plugin and lego's rfc2136
 * provider, unmodified, obtain a certificate for a device name from pebble, signing their updates
 * with the key the zone grants only cam1's challenge TXT; pebble checks the challenge by asking
 * Beacon's DNS server. Nothing either tool looks up leaves loopback.
 */
class AcmeRfc2136IT {

    private static final String SECRET = NsupdateIT.CAM1_SECRET;

    @TempDir
    Path dir;
    TestServer beacon;
    Pebble pebble;

    @BeforeEach
    void start() throws Exception {
        beacon = TestServer.in(dir.resolve("beacon"))
                .zone("""
                        ns: [{name: ns1.ddns.test, a: 127.0.0.1}]
                        allow-update:
                          - {key: cam1-key, name: _acme-challenge.cam1, types: [TXT]}
                        """)
                .extra("tsig-keys: [{name: cam1-key, algorithm: hmac-sha256, secret: '" + SECRET + "'}]")
                .start();
        pebble = Pebble.start(dir.resolve("pebble"), beacon.dnsPort());
        assertThat(beacon.add("SN-CAM1", "cam1", "myip=198.51.100.7")).isEqualTo("10|cam1.ddns.test");
    }

    @AfterEach
    void stop() {
        pebble.close();
        beacon.close();
    }

    private String describe(Path certificate) throws Exception {
        return Tool.run("openssl", "x509", "-in", certificate.toString(), "-noout", "-subject", "-issuer", "-ext",
                "subjectAltName");
    }

    @Test
    void certbotsRfc2136PluginObtainsACertificateForADeviceName() throws Exception {
        Path credentials = dir.resolve("rfc2136.ini");
        Files.writeString(credentials, """
                dns_rfc2136_server = 127.0.0.1
                dns_rfc2136_port = %d
                dns_rfc2136_name = cam1-key
                dns_rfc2136_secret = %s
                dns_rfc2136_algorithm = HMAC-SHA256
                """.formatted(beacon.dnsPort(), SECRET));
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
        Path certbot = dir.resolve("certbot");

        ClientProcess.Run run = ClientProcess.run(dir, List.of("certbot", "certonly", "--non-interactive", "--agree-tos",
                "-m", "ops@example.com", "--server", pebble.directory(), "--dns-rfc2136", "--dns-rfc2136-credentials",
                credentials.toString(), "--dns-rfc2136-propagation-seconds", "1", "-d", "cam1.ddns.test",
                "--config-dir", certbot.resolve("config").toString(), "--work-dir", certbot.resolve("work").toString(),
                "--logs-dir", certbot.resolve("logs").toString()),
                Map.of("REQUESTS_CA_BUNDLE", pebble.certificate().toString()));

        assertThat(run.status()).as(run.output() + "\npebble: " + pebble.log()).isZero();
        String names = describe(certbot.resolve("config/live/cam1.ddns.test/cert.pem"));
        System.out.println("certbot's certificate for cam1.ddns.test over RFC 2136:\n" + names);
        assertThat(names).contains("DNS:cam1.ddns.test").containsPattern("issuer=.*Pebble Intermediate CA");
        // certbot's cleanup deleted its value again.
        assertThat(Dig.ask(beacon.dnsPort(), "_acme-challenge.cam1.ddns.test", "TXT").answer()).isEmpty();
    }

    @Test
    void legosRfc2136ProviderObtainsACertificateForADeviceName() throws Exception {
        Path lego = dir.resolve("lego");
        String dns = "127.0.0.1:" + beacon.dnsPort();

        ClientProcess.Run run = ClientProcess.run(dir, List.of("lego", "--server", pebble.directory(), "--email",
                "ops@example.com", "--accept-tos", "--dns", "rfc2136", "--dns.resolvers", dns, "--dns.disable-cp",
                "--domains", "cam1.ddns.test", "--path", lego.toString(), "run"),
                Map.of("LEGO_CA_CERTIFICATES", pebble.certificate().toString(), "RFC2136_NAMESERVER", dns,
                        "RFC2136_TSIG_KEY", "cam1-key", "RFC2136_TSIG_SECRET", SECRET,
                        "RFC2136_TSIG_ALGORITHM", "hmac-sha256.", "RFC2136_PROPAGATION_TIMEOUT", "30",
                        "RFC2136_POLLING_INTERVAL", "1"));

        assertThat(run.status()).as(run.output() + "\npebble: " + pebble.log()).isZero();
        String names = describe(lego.resolve("certificates/cam1.ddns.test.crt"));
        System.out.println("lego's certificate for cam1.ddns.test over RFC 2136:\n" + names);
        assertThat(names).contains("DNS:cam1.ddns.test").containsPattern("issuer=.*Pebble Intermediate CA");
        assertThat(Dig.ask(beacon.dnsPort(), "_acme-challenge.cam1.ddns.test", "TXT").answer()).isEmpty();
    }
}
