package dev.beacon.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.beacon.store.AdminToken;
import dev.beacon.testing.AdminClient;
import dev.beacon.testing.ClientProcess;
import dev.beacon.testing.Pebble;
import dev.beacon.testing.TestServer;
import dev.beacon.testing.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end with real ACME over the acme-dns endpoint: certbot obtains a certificate for a device
 * name from pebble, its manual hook posting the challenge to Beacon's {@code /update} in
 * acme-dns's form (what acme-dns's certbot hook does) with the account the operator issued, and
 * pebble checking it by asking Beacon's DNS server. (Debian's lego is built without its acme-dns
 * provider, so certbot stands in for it.)
 */
class CertbotAcmeDnsIT {

    private static final String CAM = "SN-ACME-E2E";

    @TempDir
    Path dir;

    @Test
    void certbotObtainsACertificateForADeviceNameThroughTheAcmeDnsEndpoint() throws Exception {
        // The zone's name server is on loopback, so nothing certbot or pebble looks up leaves the machine.
        try (TestServer beacon = TestServer.in(dir.resolve("beacon")).zone("ns: [{name: ns1.ddns.test, a: 127.0.0.1}]")
                .start(); Pebble pebble = Pebble.start(dir.resolve("pebble"), beacon.dnsPort())) {
            assertThat(beacon.add(CAM, "cam1", "myip=198.51.100.7")).isEqualTo("10|cam1.ddns.test");
            JsonNode account = AdminClient.withNewToken(beacon.server(), "acme", AdminToken.Scope.WRITE)
                    .post("/api/v1/devices/" + CAM + "/acme-dns").json();
            Path hook = dir.resolve("acme-dns-hook.sh");
            Files.writeString(hook, """
                    #!/bin/sh
                    exec curl -sf -X POST -H "X-Api-User: $ACME_DNS_USER" -H "X-Api-Key: $ACME_DNS_KEY" \\
                      -H "Content-Type: application/json" \\
                      -d "{\\"subdomain\\": \\"$ACME_DNS_SUBDOMAIN\\", \\"txt\\": \\"$CERTBOT_VALIDATION\\"}" \\
                      "$ACME_DNS_BASE/update"
                    """);
            Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
            Path certbot = dir.resolve("certbot");

            ClientProcess.Run run = ClientProcess.run(dir, List.of("certbot", "certonly", "--non-interactive",
                    "--agree-tos", "-m", "ops@example.com", "--server", pebble.directory(), "--manual",
                    "--preferred-challenges", "dns", "--manual-auth-hook", hook.toString(), "-d", "cam1.ddns.test",
                    "--config-dir", certbot.resolve("config").toString(), "--work-dir", certbot.resolve("work").toString(),
                    "--logs-dir", certbot.resolve("logs").toString()),
                    Map.of("REQUESTS_CA_BUNDLE", pebble.certificate().toString(), "ACME_DNS_BASE", beacon.base().toString(),
                            "ACME_DNS_USER", account.path("username").asText(), "ACME_DNS_KEY",
                            account.path("password").asText(), "ACME_DNS_SUBDOMAIN", account.path("subdomain").asText()));

            assertThat(run.status()).as(run.output() + "\npebble: " + pebble.log()).isZero();
            String names = Tool.run("openssl", "x509", "-in", certbot.resolve("config/live/cam1.ddns.test/cert.pem")
                    .toString(), "-noout", "-subject", "-issuer", "-ext", "subjectAltName");
            System.out.println("certbot's certificate for cam1.ddns.test over acme-dns:\n" + names);
            assertThat(names).contains("DNS:cam1.ddns.test").containsPattern("issuer=.*Pebble Intermediate CA");
        }
    }
}
