package dev.beacon.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Request shapes added by configuration alone, onto the same native operations. */
class RewriteIT {

    private static final String CAM = "E0:46:9A:B8:1B:FC";

    @TempDir
    Path dir;
    TestServer beacon;

    @BeforeEach
    void start() throws Exception {
        beacon = TestServer.in(dir).policy("{allow-static-tokens: true}").extra("""
                rewrites:
                  - path: /cgi-bin/ddns.pl
                    methods: [GET]
                    operation: update
                    token: query:pass
                    ip: query:addr
                    replies: {"09": "UPDATE OK", "08": "UPDATE OK (same)", "02": "AUTH FAIL", "*": "ERR {code}"}
                  - path: /dyn/*/register.asp
                    operation: add
                    token: path:2
                    hostname: query:name
                    replies: {"10": "registered {value}", "07": "taken"}
                  - path: /nic.php
                    operation: ipcheck
                    token: header:X-Device-Token
                  - path: /update
                    operation: ipdetect
                """).start();
    }

    @AfterEach
    void stop() {
        beacon.close();
    }

    @Test
    void aFamilyWithItsOwnPathAndParameterNamesUpdatesTheSameRecords() throws Exception {
        String pass = beacon.staticToken(CAM);
        beacon.add(CAM, "cam1", "myip=198.51.100.1");
        assertThat(beacon.body("/cgi-bin/ddns.pl?pass=" + pass + "&addr=203.0.113.5")).isEqualTo("UPDATE OK");
        assertThat(beacon.body("/cgi-bin/ddns.pl?pass=" + pass + "&addr=203.0.113.5")).isEqualTo("UPDATE OK (same)");
        assertThat(beacon.ipcheck(CAM)).isEqualTo("14|203.0.113.5");
    }

    @Test
    void repliesWithoutTheirOwnTextFallBackToTheWildcard() throws Exception {
        assertThat(beacon.body("/cgi-bin/ddns.pl?pass=" + beacon.staticToken(CAM) + "&addr=abc")).isEqualTo("ERR 04");
        assertThat(beacon.body("/cgi-bin/ddns.pl?pass=garbage")).isEqualTo("AUTH FAIL");
    }

    @Test
    void tokenFromAPathSegmentAndValueInTheReplyText() throws Exception {
        assertThat(beacon.body("/dyn/" + beacon.token(CAM) + "/register.asp?name=porch")).isEqualTo("registered porch.ddns.test");
        assertThat(beacon.body("/dyn/" + beacon.token("SN-2") + "/register.asp?name=porch")).isEqualTo("taken");
    }

    @Test
    void tokenFromAHeaderAndNativeTextWhereNoneIsConfigured() throws Exception {
        beacon.add(CAM, "cam1", "myip=198.51.100.1");
        HttpRequest r = beacon.request("/nic.php").header("X-Device-Token", beacon.token(CAM)).build();
        assertThat(beacon.client().send(r, HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("14|198.51.100.1");
    }

    @Test
    void aRuleMayClaimABuiltInPath() throws Exception {
        assertThat(beacon.body("/update")).isEqualTo("127.0.0.1");
    }

    @Test
    void methodTheRuleDoesNotAcceptIs405() throws Exception {
        HttpRequest r = beacon.request("/cgi-bin/ddns.pl?pass=x").POST(HttpRequest.BodyPublishers.noBody()).build();
        assertThat(beacon.client().send(r, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
    }

    @Test
    void floodKeepsItsRetryAfterThroughARule() throws Exception {
        beacon.close();
        beacon = TestServer.in(dir.resolve("limited")).policy("{allow-static-tokens: true}")
                .flood("{device: {burst: 1, per-minute: 1}}").extra("""
                        rewrites:
                          - {path: /x, operation: ipcheck, token: query:t, replies: {"911": "slow down"}}
                        """).start();
        String t = beacon.staticToken(CAM);
        beacon.get("/x?t=" + t);
        HttpResponse<String> r = beacon.get("/x?t=" + t);
        assertThat(r.body()).isEqualTo("slow down");
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
    }
}
