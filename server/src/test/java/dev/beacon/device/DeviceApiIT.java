package dev.beacon.device;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.record.NameRecord;
import dev.beacon.testing.Dig;
import dev.beacon.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every row of the reply-code table (protocol §1), through a real HTTP client and server. */
class DeviceApiIT {

    private static final String CAM = "E0:46:9A:B8:1B:FC";
    private static final String OTHER = "SN-00012345";

    @TempDir
    Path dir;
    TestServer beacon;

    @BeforeEach
    void start() throws Exception {
        beacon = TestServer.in(dir).start();
    }

    @AfterEach
    void stop() {
        beacon.close();
    }

    @Test
    void replyIsStatus200PlainTextWithDateLengthAndNoTrailingNewline() throws Exception {
        HttpResponse<String> r = beacon.get("/add.aspx?mac=" + beacon.token(CAM) + "&dm=cam1&myip=198.51.100.7");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("10|cam1.ddns.test");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(r.headers().firstValue("Date")).isPresent();
        assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(17);
    }

    @Test
    void code01ForAnInvalidHostname() throws Exception {
        assertThat(beacon.add(CAM, "bad_name", "")).isEqualTo("01");
        assertThat(beacon.add(CAM, "www", "")).isEqualTo("01");
        assertThat(beacon.add(CAM, "cam1%0D%0Ax", "")).isEqualTo("01");
        assertThat(beacon.add(CAM, "a.b", "")).isEqualTo("01");
        assertThat(beacon.body("/add.aspx?mac=" + beacon.token(CAM))).isEqualTo("01");
    }

    @Test
    void hostnameIsTrimmedLowercasedAndStrippedOfTheZone() throws Exception {
        assertThat(beacon.add(CAM, "+%20Cam1.DDNS.test%20", "")).isEqualTo("10|cam1.ddns.test");
    }

    @Test
    void unicodeHostnameIsStoredInIdnaForm() throws Exception {
        assertThat(beacon.add(CAM, "m%C3%BCller", "")).isEqualTo("10|xn--mller-kva.ddns.test");
    }

    @ParameterizedTest
    @ValueSource(strings = {"add", "update", "remove", "ipcheck"})
    void code02ForAMissingToken(String endpoint) throws Exception {
        assertThat(beacon.body("/" + endpoint + ".aspx?dm=cam1")).isEqualTo("02");
    }

    @ParameterizedTest
    @ValueSource(strings = {"!!!!", "AQE", "AgEAAQIDBAUGBwgJCgsuV28bgNX4L7t7rsqLq0BXspS9crNb8o-2CAPY3JI1ywHeebwo",
        "AQEAAQIDBAUGBwgJCgsuV28bgNX4L7t7rsqLq0BXspS9crNb8o-2CAPY3JI1ywHeebwp", "%00", ""})
    void code02ForABrokenToken(String token) throws Exception {
        assertThat(beacon.body("/update.aspx?mac=" + token)).isEqualTo("02");
    }

    @Test
    void code02ForAReplayedToken() throws Exception {
        String token = beacon.token(CAM);
        assertThat(beacon.body("/add.aspx?mac=" + token + "&dm=cam1")).isEqualTo("10|cam1.ddns.test");
        assertThat(beacon.body("/add.aspx?mac=" + token + "&dm=cam1")).isEqualTo("02");
    }

    @Test
    void code02ForAnExpiredToken() throws Exception {
        String old = beacon.codec().mint(beacon.key(), dev.beacon.token.DeviceId.parse(CAM),
                System.currentTimeMillis() / 1000 - 3600);
        assertThat(beacon.body("/ipcheck.aspx?mac=" + old)).isEqualTo("02");
    }

    @Test
    void code02ForAStaticTokenWhereTheZoneRefusesThem() throws Exception {
        assertThat(beacon.body("/ipcheck.aspx?mac=" + beacon.staticToken(CAM))).isEqualTo("02");
    }

    @Test
    void code02ForATokenSentTwice() throws Exception {
        assertThat(beacon.body("/ipcheck.aspx?mac=" + beacon.token(CAM) + "&mac=" + beacon.token(CAM))).isEqualTo("02");
    }

    @Test
    void tokenWithPlusSentUnencodedStillWorks() throws Exception {
        String token = beacon.token(CAM);
        String standard = token.replace('-', '+').replace('_', '/');
        assertThat(beacon.body("/add.aspx?mac=" + standard + "&dm=cam1")).isEqualTo("10|cam1.ddns.test");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1.2.3", "010.1.1.1", "256.1.1.1", "fe80::1%25eth0", "0.0.0.0", "::", "224.0.0.1",
        "255.255.255.255", "1.2.3.4,5.6.7.8", "2001:db8::1,2001:db8::2", "1.2.3.4,2001:db8::1,9.9.9.9", "%C3%A9"})
    void code04ForAMalformedOrNeverValidAddress(String myip) throws Exception {
        assertThat(beacon.add(CAM, "cam1", "myip=" + myip)).isEqualTo("04");
        beacon.add(CAM, "cam1", "myip=198.51.100.1");
        assertThat(beacon.update(CAM, "myip=" + myip)).isEqualTo("04");
        assertThat(beacon.ipcheck(CAM)).isEqualTo("14|198.51.100.1");
    }

    @Test
    void code04ForAnAddressSentTwice() throws Exception {
        assertThat(beacon.add(CAM, "cam1", "myip=1.2.3.4&myip=1.2.3.4")).isEqualTo("04");
    }

    @Test
    void code05NamesTheCustomFieldThatFailed() throws Exception {
        assertThat(beacon.add(CAM, "cam1", "port=0")).isEqualTo("05|port");
        assertThat(beacon.add(CAM, "cam1", "port=80&fw=" + "x".repeat(33))).isEqualTo("05|fw");
        assertThat(beacon.add(CAM, "cam1", "port=80")).isEqualTo("10|cam1.ddns.test");
        assertThat(beacon.update(CAM, "port=http")).isEqualTo("05|port");
    }

    @Test
    void code07WhenAnotherDeviceHoldsTheName() throws Exception {
        beacon.add(CAM, "cam1", "");
        assertThat(beacon.add(OTHER, "cam1", "")).isEqualTo("07");
    }

    @Test
    void code08WhenNothingStoredDiffers() throws Exception {
        beacon.add(CAM, "cam1", "myip=198.51.100.7&port=80");
        assertThat(beacon.update(CAM, "myip=198.51.100.7")).isEqualTo("08");
        assertThat(beacon.update(CAM, "myip=198.51.100.7&port=80")).isEqualTo("08");
        assertThat(beacon.add(CAM, "cam1", "myip=198.51.100.7")).isEqualTo("08");
    }

    @Test
    void code09WhenAddressesOrFieldsChange() throws Exception {
        beacon.add(CAM, "cam1", "myip=198.51.100.7");
        assertThat(beacon.update(CAM, "myip=198.51.100.8")).isEqualTo("09");
        assertThat(beacon.update(CAM, "myip=198.51.100.8&port=8080")).isEqualTo("09");
        assertThat(beacon.add(CAM, "cam1", "myip=2001:db8::7")).isEqualTo("09");
        NameRecord r = beacon.server().registry().snapshot().zone("ddns.test").record("cam1");
        assertThat(r.addresses().v4Text()).isEqualTo("198.51.100.8");
        assertThat(r.addresses().v6Text()).isEqualTo("2001:db8::7");
        assertThat(r.fields()).containsEntry("port", "8080");
        assertThat(r.userAgent()).isEqualTo(TestServer.USER_AGENT);
    }

    @Test
    void updateWithBothFamiliesInEitherOrderSetsBoth() throws Exception {
        beacon.add(CAM, "cam1", "myip=2001:db8::9,198.51.100.9");
        NameRecord r = beacon.server().registry().snapshot().zone("ddns.test").record("cam1");
        assertThat(r.addresses().v4Text()).isEqualTo("198.51.100.9");
        assertThat(r.addresses().v6Text()).isEqualTo("2001:db8::9");
    }

    @Test
    void code10WithTheNameCreatedAndOnRename() throws Exception {
        assertThat(beacon.add(CAM, "cam1", "")).isEqualTo("10|cam1.ddns.test");
        assertThat(beacon.add(CAM, "garage", "")).isEqualTo("10|garage.ddns.test");
        assertThat(beacon.server().registry().snapshot().zone("ddns.test").record("cam1")).isNull();
        assertThat(beacon.add(OTHER, "cam1", "")).isEqualTo("10|cam1.ddns.test");
    }

    @ParameterizedTest
    @ValueSource(strings = {"update", "remove", "ipcheck"})
    void code13WhenTheDeviceHasNoRecord(String endpoint) throws Exception {
        assertThat(beacon.body("/" + endpoint + ".aspx?mac=" + beacon.token(CAM))).isEqualTo("13");
    }

    @Test
    void code14WithTheIpv4AddressElseTheIpv6() throws Exception {
        beacon.add(CAM, "cam1", "myip=2001:db8::5");
        assertThat(beacon.ipcheck(CAM)).isEqualTo("14|2001:db8::5");
        beacon.update(CAM, "myip=198.51.100.5");
        assertThat(beacon.ipcheck(CAM)).isEqualTo("14|198.51.100.5");
    }

    @Test
    void missingMyipUsesTheSourceAddress() throws Exception {
        assertThat(beacon.add(CAM, "cam1", "")).startsWith("10|");
        assertThat(beacon.ipcheck(CAM)).isEqualTo("14|127.0.0.1");
        assertThat(beacon.update(CAM, "myip=")).isEqualTo("08");
    }

    @Test
    void code15OnDeleteAndTheNameIsFreeAgain() throws Exception {
        beacon.add(CAM, "cam1", "");
        assertThat(beacon.remove(CAM)).isEqualTo("15");
        assertThat(beacon.ipcheck(CAM)).isEqualTo("13");
        assertThat(beacon.add(OTHER, "cam1", "")).isEqualTo("10|cam1.ddns.test");
    }

    @Test
    void ipdetectAnswersTheCallersAddress() throws Exception {
        assertThat(beacon.body("/ipdetect.aspx")).isEqualTo("127.0.0.1");
    }

    @Test
    void ipdetectIgnoresForwardedHeadersFromAnUntrustedPeer() throws Exception {
        HttpResponse<String> r = beacon.client().send(beacon.request("/ipdetect.aspx")
                .header("X-Forwarded-For", "203.0.113.66").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).isEqualTo("127.0.0.1");
    }

    @Test
    void pathsMatchCaseInsensitively() throws Exception {
        assertThat(beacon.body("/IPDetect.ASPX")).isEqualTo("127.0.0.1");
        assertThat(beacon.body("/Add.aspx?mac=" + beacon.token(CAM) + "&dm=cam1")).isEqualTo("10|cam1.ddns.test");
    }

    @Test
    void postWithAFormBodyWorksLikeGet() throws Exception {
        HttpResponse<String> r = beacon.client().send(beacon.request("/add.aspx")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("mac=" + beacon.token(CAM) + "&dm=cam1&myip=198.51.100.3"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).isEqualTo("10|cam1.ddns.test");
    }

    @Test
    void unknownParametersAreIgnored() throws Exception {
        assertThat(beacon.add(CAM, "cam1", "colour=blue&x=")).isEqualTo("10|cam1.ddns.test");
    }

    @Test
    void cipherMintsAWorkingTokenInDevMode() throws Exception {
        String token = beacon.body("/cipher.aspx?mac=E0:46:9A:B8:1B:FC");
        assertThat(beacon.body("/add.aspx?mac=" + token + "&dm=cam1")).isEqualTo("10|cam1.ddns.test");
    }

    @Test
    void cipherWithoutMacServesAFormThatPostsBack() throws Exception {
        java.net.http.HttpResponse<String> page = beacon.get("/cipher.aspx");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<form method=\"post\" action=\"/cipher.aspx\">")
                .containsOnlyOnce("<input ").contains("name=\"mac\"").containsOnlyOnce("<button");
    }

    @Test
    void cipherFormPostedBackAnswersATokenTheServerAccepts() throws Exception {
        java.net.http.HttpResponse<String> posted = beacon.client().send(beacon.request("/cipher.aspx")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("mac=E0%3A46%3A9A%3AB8%3A1B%3AFC")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(posted.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(beacon.body("/add.aspx?mac=" + posted.body() + "&dm=cam1")).isEqualTo("10|cam1.ddns.test");
    }

    @Test
    void cipherWithABadDeviceIdIs02() throws Exception {
        assertThat(beacon.body("/cipher.aspx?mac=")).isEqualTo("02");
    }

    @Test
    void unknownPathIs404() throws Exception {
        assertThat(beacon.get("/admin.php").statusCode()).isEqualTo(404);
    }

    @Nested
    class WithoutDevMode {
        @TempDir
        Path other;

        @Test
        void cipherIs404() throws Exception {
            try (TestServer prod = TestServer.in(other).dev(false).start()) {
                assertThat(prod.get("/cipher.aspx?mac=E0:46:9A:B8:1B:FC").statusCode()).isEqualTo(404);
                assertThat(prod.get("/cipher.aspx").statusCode()).isEqualTo(404);
            }
        }
    }

    @Nested
    class PublicOnlyZone {
        @TempDir
        Path other;

        @Test
        void privateLoopbackAndLinkLocalAddressesGet04() throws Exception {
            try (TestServer strict = TestServer.in(other).policy("{public-only: true}").start()) {
                assertThat(strict.add(CAM, "cam1", "myip=192.168.1.10")).isEqualTo("04");
                assertThat(strict.add(CAM, "cam1", "myip=fe80::1")).isEqualTo("04");
                assertThat(strict.add(CAM, "cam1", "")).isEqualTo("04");
                assertThat(strict.add(CAM, "cam1", "myip=8.8.4.4")).isEqualTo("10|cam1.ddns.test");
            }
        }
    }

    @Nested
    class StaticTokens {
        @TempDir
        Path other;

        @Test
        void staticTokenIsAcceptedRepeatedlyForUpdatesWhereAllowed() throws Exception {
            try (TestServer lenient = TestServer.in(other).policy("{allow-static-tokens: true}").start()) {
                assertThat(lenient.add(CAM, "cam1", "")).isEqualTo("10|cam1.ddns.test");
                String token = lenient.staticToken(CAM);
                assertThat(lenient.body("/update.aspx?mac=" + token + "&myip=198.51.100.1")).isEqualTo("09");
                assertThat(lenient.body("/update.aspx?mac=" + token + "&myip=198.51.100.1")).isEqualTo("08");
            }
        }

        @Test
        void h8AStaticTokenCannotAddOrRemoveNames() throws Exception {
            try (TestServer lenient = TestServer.in(other).policy("{allow-static-tokens: true}").start()) {
                assertThat(lenient.add(CAM, "cam1", "myip=198.51.100.1")).isEqualTo("10|cam1.ddns.test");
                String token = lenient.staticToken(CAM);

                assertThat(lenient.body("/add.aspx?mac=" + token + "&dm=evilname")).isEqualTo("02");
                assertThat(lenient.body("/remove.aspx?mac=" + token)).isEqualTo("02");
                assertThat(Dig.ask(lenient.dnsPort(), "cam1.ddns.test", "A").status()).isEqualTo("NOERROR");
                assertThat(Dig.ask(lenient.dnsPort(), "evilname.ddns.test", "A").status()).isEqualTo("NXDOMAIN");
            }
        }
    }

    @Nested
    class Flood {
        @TempDir
        Path other;

        @ParameterizedTest
        @ValueSource(strings = {"add", "update", "remove", "ipcheck"})
        void code911WithRetryAfterWhenADeviceFloods(String endpoint) throws Exception {
            try (TestServer limited = TestServer.in(other)
                    .flood("{device: {burst: 3, per-minute: 1}, address: {burst: 1000, per-second: 100}}").start()) {
                limited.add(CAM, "cam1", "myip=198.51.100.1");
                limited.update(CAM, "myip=198.51.100.1");
                limited.update(CAM, "myip=198.51.100.1");
                HttpResponse<String> r = limited.get("/" + endpoint + ".aspx?mac=" + limited.token(CAM) + "&dm=cam1");
                assertThat(r.body()).isEqualTo("911");
                assertThat(r.headers().firstValueAsLong("Retry-After").orElse(0)).isBetween(1L, 60L);
                assertThat(limited.server().registry().snapshot().zone("ddns.test").record("cam1")).isNotNull();
            }
        }

        @Test
        void h4Code911WithALongRetryAfterForADeviceSendingMoreNoChangeUpdatesThanItsHourlyAllowance() throws Exception {
            try (TestServer limited = TestServer.in(other).flood("{nochg-per-hour: 2}").start()) {
                limited.add(CAM, "cam1", "myip=198.51.100.1");
                assertThat(limited.update(CAM, "myip=198.51.100.1")).isEqualTo("08");
                assertThat(limited.update(CAM, "myip=198.51.100.1")).isEqualTo("08");

                HttpResponse<String> r = limited.get("/update.aspx?mac=" + limited.token(CAM) + "&myip=198.51.100.1");

                assertThat(r.body()).isEqualTo("911");
                assertThat(r.headers().firstValueAsLong("Retry-After").orElse(0)).isBetween(1000L, 1800L);
                limited.add(OTHER, "cam2", "myip=198.51.100.2");
                assertThat(limited.update(OTHER, "myip=198.51.100.2")).as("another device is untouched").isEqualTo("08");
            }
        }

        @Test
        void code911WhenAnAddressFloodsIpdetect() throws Exception {
            try (TestServer limited = TestServer.in(other)
                    .flood("{address: {burst: 5, per-minute: 1}}").start()) {
                for (int i = 0; i < 5; i++) {
                    assertThat(limited.body("/ipdetect.aspx")).isEqualTo("127.0.0.1");
                }
                HttpResponse<String> r = limited.get("/ipdetect.aspx");
                assertThat(r.body()).isEqualTo("911");
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
            }
        }

        @Test
        void floodRefusalsAreLoggedWithTheClientAndTheLimit() throws Exception {
            try (TestServer limited = TestServer.in(other).flood("{device: {burst: 1, per-minute: 1}}").start();
                    dev.beacon.testing.LogCapture log = dev.beacon.testing.LogCapture.of(dev.beacon.flood.FloodGuard.class)) {
                limited.add(CAM, "cam1", "");
                assertThat(limited.update(CAM, "")).isEqualTo("911");
                assertThat(log.await("flood: 127.0.0.1")).contains("exceeded the device limit; asked to wait");
            }
        }

        @Test
        void floodedRequestChangesNothing() throws Exception {
            try (TestServer limited = TestServer.in(other)
                    .flood("{device: {burst: 2, per-minute: 1}}").start()) {
                limited.add(CAM, "cam1", "myip=198.51.100.1");
                limited.ipcheck(CAM);
                assertThat(limited.update(CAM, "myip=198.51.100.2")).isEqualTo("911");
                assertThat(limited.server().registry().snapshot().zone("ddns.test").record("cam1")
                        .addresses().v4Text()).isEqualTo("198.51.100.1");
            }
        }
    }
}
