package dev.beacon.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.store.AdminToken;
import dev.beacon.store.JdbcStore;
import dev.beacon.testing.AdminClient;
import dev.beacon.testing.Browser;
import dev.beacon.testing.Dig;
import dev.beacon.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The console in a real headless Chromium against a real server: device requests over HTTP,
 * DNS answers from dig, the state in a real SQLite file. Each page's screenshot lands in
 * target/console-screenshots for a person to look at.
 */
class ConsoleIT {

    private static final String CAMERA = "00:11:22:33:44:55";

    @TempDir
    Path dir;

    private static String console(TestServer beacon) {
        return "http://127.0.0.1:" + beacon.server().adminAddress().getPort() + "/console/";
    }

    private static void signIn(Browser browser, TestServer beacon, String token) {
        browser.go(console(beacon) + "login");
        browser.find("#token").sendKeys(token);
        browser.clickToNextPage("form.signin button[type=submit]");
    }

    @Test
    void signingInWithAnAdminTokenShowsTheOverviewWithTheRequestRatesOfTheLastSeconds() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start(); Browser browser = Browser.open(1280, 1000)) {
            assertThat(beacon.add(CAMERA, "cam1", "myip=198.51.100.7")).isEqualTo("10|cam1.ddns.test");
            // Readings are ten seconds apart: traffic over two of them gives two rates to chart.
            for (int i = 0; i < 22; i++) {
                beacon.update(CAMERA, "myip=198.51.100." + (i % 2 == 0 ? 8 : 7));
                beacon.update(CAMERA, "myip=198.51.100." + (i % 2 == 0 ? 8 : 7));
                Thread.sleep(1000);
            }
            String token = AdminClient.newToken(beacon.server(), "alice", AdminToken.Scope.WRITE);

            signIn(browser, beacon, token);

            assertThat(browser.driver().getTitle()).startsWith("Overview");
            assertThat(browser.text()).contains("ddns.test").contains("alice · write").contains("Reply codes since start");
            assertThat(browser.find("#codes").getText()).contains("09").contains("08");
            assertThat(browser.count("#activity tbody tr")).isGreaterThanOrEqualTo(2);
            browser.waitForCharts();
            assertThat(browser.count(".chart canvas")).isEqualTo(2);
            browser.screenshot("overview");
        }
    }

    @Test
    void g1AWrongTokenIsRefusedAtSignIn() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start(); Browser browser = Browser.open(1280, 900)) {
            String token = AdminClient.newToken(beacon.server(), "alice", AdminToken.Scope.WRITE);

            signIn(browser, beacon, token + "x");

            assertThat(browser.find(".error").getText()).isEqualTo("Unknown or revoked admin token.");
            browser.go(console(beacon));
            assertThat(browser.driver().getCurrentUrl()).contains("/console/login");
        }
    }

    @Test
    void aDeviceJustUpdatedShowsItsNewAddressInTheTimeline() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start(); Browser browser = Browser.open(1280, 1000)) {
            assertThat(beacon.add(CAMERA, "cam1", "myip=198.51.100.7&port=8080&fw=1.0.3")).isEqualTo("10|cam1.ddns.test");
            assertThat(beacon.update(CAMERA, "myip=203.0.113.50")).isEqualTo("09");
            signIn(browser, beacon, AdminClient.newToken(beacon.server(), "alice", AdminToken.Scope.READ));

            browser.go(console(beacon) + "devices");
            browser.typeToNextPage("#q", "cam1");
            assertThat(browser.find("#devices tbody").getText()).contains(CAMERA).contains("203.0.113.50");
            browser.screenshot("devices");
            browser.clickToNextPage("#devices tbody a");

            assertThat(browser.find("#ipv4").getText()).isEqualTo("203.0.113.50");
            assertThat(browser.find("#timeline li").getText()).contains("198.51.100.7 →").contains("203.0.113.50");
            assertThat(browser.find("#fields").getText()).contains("port").contains("8080");
            assertThat(browser.text()).contains(TestServer.USER_AGENT);
            browser.screenshot("device");
        }
    }

    @Test
    void blockingADeviceFromItsPageRefusesItsNextRequest() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start(); Browser browser = Browser.open(1280, 1000)) {
            beacon.add(CAMERA, "cam1", "myip=198.51.100.7");
            signIn(browser, beacon, AdminClient.newToken(beacon.server(), "alice", AdminToken.Scope.WRITE));

            browser.go(console(beacon) + "devices/" + Links.segment(CAMERA));
            browser.clickToNextPage("#block");

            assertThat(browser.find(".notice").getText()).startsWith("Blocked");
            assertThat(browser.has("#blocked-badge")).isTrue();
            assertThat(beacon.update(CAMERA, "myip=198.51.100.8")).isEqualTo("02");
            assertThat(browser.find("#history").getText()).contains("blocked").contains("admin alice");
        }
    }

    @Test
    void releasingANameAfterConfirmingMakesDnsAnswerNxdomain() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start(); Browser browser = Browser.open(1280, 1000)) {
            beacon.add(CAMERA, "cam1", "myip=198.51.100.7");
            assertThat(Dig.ask(beacon.dnsPort(), "cam1.ddns.test", "A").status()).isEqualTo("NOERROR");
            signIn(browser, beacon, AdminClient.newToken(beacon.server(), "alice", AdminToken.Scope.WRITE));

            browser.go(console(beacon) + "devices/" + Links.segment(CAMERA));
            browser.clickToNextPage("a.action");
            assertThat(browser.find("h1").getText()).isEqualTo("Release cam1.ddns.test?");
            assertThat(Dig.ask(beacon.dnsPort(), "cam1.ddns.test", "A").status()).as("nothing happens before confirming")
                    .isEqualTo("NOERROR");
            browser.clickToNextPage("#confirm-release");

            assertThat(browser.find(".notice").getText()).startsWith("Released");
            assertThat(Dig.ask(beacon.dnsPort(), "cam1.ddns.test", "A").status()).isEqualTo("NXDOMAIN");
        }
    }

    @Test
    void g2AWriteWithoutTheSessionsCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start(); Browser browser = Browser.open(1280, 900)) {
            beacon.add(CAMERA, "cam1", "myip=198.51.100.7");
            signIn(browser, beacon, AdminClient.newToken(beacon.server(), "alice", AdminToken.Scope.WRITE));
            Cookie session = browser.driver().manage().getCookieNamed(Console.COOKIE);

            HttpResponse<String> forged = post(beacon, "devices/" + Links.segment(CAMERA) + "/block", session, "zone=ddns.test");
            HttpResponse<String> wrong = post(beacon, "devices/" + Links.segment(CAMERA) + "/block", session,
                    "zone=ddns.test&csrf=guess");

            assertThat(forged.statusCode()).isEqualTo(403);
            assertThat(forged.body()).contains("CSRF");
            assertThat(wrong.statusCode()).isEqualTo(403);
            assertThat(beacon.update(CAMERA, "myip=198.51.100.8")).isEqualTo("09");
        }
    }

    @Test
    void g2AFormPostedFromAnotherOriginIsRefusedEvenWithTheCsrfToken() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start(); Browser browser = Browser.open(1280, 900)) {
            beacon.add(CAMERA, "cam1", "myip=198.51.100.7");
            signIn(browser, beacon, AdminClient.newToken(beacon.server(), "alice", AdminToken.Scope.WRITE));
            browser.go(console(beacon) + "devices/" + Links.segment(CAMERA));
            String csrf = browser.find("input[name=csrf]").getAttribute("value");
            Cookie session = browser.driver().manage().getCookieNamed(Console.COOKIE);

            HttpResponse<String> r = send(beacon, HttpRequest.newBuilder(URI.create(console(beacon) + "devices/"
                    + Links.segment(CAMERA) + "/block")).header("Origin", "http://evil.example")
                    .header("Cookie", Console.COOKIE + "=" + session.getValue())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("zone=ddns.test&csrf=" + csrf)));

            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("another site");
            assertThat(beacon.update(CAMERA, "myip=198.51.100.8")).isEqualTo("09");
        }
    }

    @Test
    void g3TheSessionCookieIsHttpOnlyAndSameSiteStrictAndSigningOutEndsIt() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start(); Browser browser = Browser.open(1280, 900)) {
            signIn(browser, beacon, AdminClient.newToken(beacon.server(), "alice", AdminToken.Scope.READ));
            Cookie session = browser.driver().manage().getCookieNamed(Console.COOKIE);
            assertThat(session.isHttpOnly()).isTrue();
            assertThat(session.getSameSite()).isEqualTo("Strict");
            assertThat(session.getExpiry()).isNotNull();

            browser.clickToNextPage("form.signout button");

            assertThat(browser.driver().getCurrentUrl()).endsWith("/console/login");
            HttpResponse<String> replayed = send(beacon, HttpRequest.newBuilder(URI.create(console(beacon)))
                    .header("Cookie", Console.COOKIE + "=" + session.getValue()));
            assertThat(replayed.statusCode()).as("the old cookie is worth nothing").isEqualTo(303);
        }
    }

    @Test
    void g3ATokenRevokedWhileSignedInEndsTheSessionAtTheNextPage() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start(); Browser browser = Browser.open(1280, 900)) {
            signIn(browser, beacon, AdminClient.newToken(beacon.server(), "alice", AdminToken.Scope.WRITE));
            try (JdbcStore store = JdbcStore.connect(beacon.server().config().store())) {
                assertThat(store.revokeAdminToken("alice")).isTrue();
            }

            browser.go(console(beacon) + "devices");

            assertThat(browser.find(".error").getText()).contains("no longer valid");
            browser.go(console(beacon));
            assertThat(browser.driver().getCurrentUrl()).contains("/console/login");
        }
    }

    @Test
    void g4AReadTokenSeesDevicesButIsOfferedNoActions() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start(); Browser browser = Browser.open(1280, 900)) {
            beacon.add(CAMERA, "cam1", "myip=198.51.100.7");
            signIn(browser, beacon, AdminClient.newToken(beacon.server(), "viewer", AdminToken.Scope.READ));

            browser.go(console(beacon) + "devices/" + Links.segment(CAMERA));
            assertThat(browser.has("#block")).isFalse();
            assertThat(browser.has("a.action")).isFalse();
            assertThat(browser.has("a[href='/console/tokens']")).isFalse();
            browser.go(console(beacon) + "tokens");
            assertThat(browser.find(".error").getText()).contains("may only read");
        }
    }

    @Test
    void theTokenToolMintsATokenTheDeviceApiAcceptsWhereTheZoneAllowsIt() throws Exception {
        try (TestServer beacon = TestServer.in(dir).policy("{operator-tokens: true}").start();
                Browser browser = Browser.open(1280, 900)) {
            signIn(browser, beacon, AdminClient.newToken(beacon.server(), "alice", AdminToken.Scope.WRITE));

            browser.go(console(beacon) + "tokens");
            browser.find("#device_id").sendKeys("E0:46:9A:B8:1B:FC");
            browser.clickToNextPage("form.stack button");
            String token = browser.find("#minted-token").getText();
            browser.screenshot("tokens");

            assertThat(beacon.body("/add.aspx?mac=" + token + "&dm=door&myip=198.51.100.9")).isEqualTo("10|door.ddns.test");
        }
    }

    @Test
    void g4TheTokenToolOffersNoZoneWhosePolicyForbidsIt() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start(); Browser browser = Browser.open(1280, 900)) {
            signIn(browser, beacon, AdminClient.newToken(beacon.server(), "alice", AdminToken.Scope.WRITE));

            browser.go(console(beacon) + "tokens");

            assertThat(browser.has("#no-token-zones")).isTrue();
            assertThat(browser.has("#device_id")).isFalse();
        }
    }

    @Test
    void theFleetReportListsFirmwareAndLinksOffendersToTheirDevices() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start(); Browser browser = Browser.open(1280, 1200)) {
            beacon.add(CAMERA, "cam1", "myip=198.51.100.7");
            for (int i = 0; i < 3; i++) {
                assertThat(beacon.update(CAMERA, "myip=198.51.100.7")).isEqualTo("08");
            }
            signIn(browser, beacon, AdminClient.newToken(beacon.server(), "alice", AdminToken.Scope.READ));

            browser.go(console(beacon) + "report");
            browser.waitForCharts();

            assertThat(browser.find("#firmware").getText()).contains(TestServer.USER_AGENT).contains("08 75%");
            // Every chart has its figures beside it: three updates a second or so apart.
            assertThat(browser.find("#intervals tbody tr").getText()).isEqualTo("< 1 min 3");
            browser.screenshot("report");
            browser.clickToNextPage("#offenders-08 a");
            assertThat(browser.find("h1").getText()).contains(CAMERA);
        }
    }

    @Test
    void g5MarkupADeviceSendsIsShownAsTextNeverRun() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start(); Browser browser = Browser.open(1280, 900)) {
            String evil = "<img src=x onerror=\"document.title='pwned'\">";
            HttpResponse<String> added = beacon.client().send(beacon.request("/add.aspx?mac=" + beacon.token(CAMERA)
                    + "&dm=cam1&myip=198.51.100.7").setHeader("User-Agent", evil).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(added.body()).isEqualTo("10|cam1.ddns.test");
            signIn(browser, beacon, AdminClient.newToken(beacon.server(), "alice", AdminToken.Scope.READ));

            browser.go(console(beacon) + "devices/" + Links.segment(CAMERA));

            assertThat(browser.text()).contains(evil);
            assertThat(browser.driver().getTitle()).isNotEqualTo("pwned");
            assertThat(browser.driver().getPageSource()).doesNotContain("<img src=x");
        }
    }

    @Test
    void atPhoneWidthPagesFitTheScreenAndTheKeyboardReachesEverything() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start(); Browser browser = Browser.open(390, 844)) {
            beacon.add(CAMERA, "cam1", "myip=198.51.100.7");
            signIn(browser, beacon, AdminClient.newToken(beacon.server(), "alice", AdminToken.Scope.WRITE));

            for (String page : new String[] {"", "devices", "devices/" + Links.segment(CAMERA), "report", "tokens"}) {
                browser.go(console(beacon) + page);
                Object overflow = browser.driver().executeScript(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
                assertThat(((Number) overflow).intValue()).as("horizontal overflow of /console/" + page).isLessThanOrEqualTo(0);
            }
            browser.screenshot("device-phone");

            browser.go(console(beacon) + "devices/" + Links.segment(CAMERA));
            new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
            WebElement first = browser.driver().switchTo().activeElement();
            assertThat(first.getText()).isEqualTo("Skip to content");
            int tabs = 0;
            while (!"block".equals(browser.driver().switchTo().activeElement().getAttribute("id")) && tabs++ < 30) {
                new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
            }
            assertThat(browser.driver().switchTo().activeElement().getAttribute("id")).as("Block reached by Tab").isEqualTo("block");
            browser.enterToNextPage();
            assertThat(browser.find(".notice").getText()).startsWith("Blocked");
        }
    }

    @Test
    void aScriptSignsInWithTheTokenFieldAndARestartEndsItsSession() throws Exception {
        Path data = dir.resolve("node");
        String cookie;
        try (TestServer beacon = TestServer.in(data).start()) {
            String token = AdminClient.newToken(beacon.server(), "robot", AdminToken.Scope.READ);
            HttpResponse<String> signed = send(beacon, HttpRequest.newBuilder(URI.create(console(beacon) + "login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("token=" + token)));
            assertThat(signed.statusCode()).isEqualTo(303);
            String setCookie = signed.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict").contains("Max-Age=28800");
            cookie = setCookie.substring(0, setCookie.indexOf(';'));
            HttpResponse<String> overview = send(beacon, HttpRequest.newBuilder(URI.create(console(beacon)))
                    .header("Cookie", cookie));
            assertThat(overview.statusCode()).isEqualTo(200);
            assertThat(overview.body()).contains("robot · read");
        }
        try (TestServer restarted = TestServer.in(data).start()) {
            HttpResponse<String> after = send(restarted, HttpRequest.newBuilder(URI.create(console(restarted)))
                    .header("Cookie", cookie));
            assertThat(after.statusCode()).isEqualTo(303);
            assertThat(after.headers().firstValue("Location")).hasValue("/console/login?next=%2Fconsole%2F");
        }
    }

    @Test
    void pagesLoadNothingFromElsewhere() throws Exception {
        try (TestServer beacon = TestServer.in(dir).start()) {
            HttpResponse<String> login = send(beacon, HttpRequest.newBuilder(URI.create(console(beacon) + "login")));

            assertThat(login.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .startsWith("default-src 'none'; script-src 'self'; style-src 'self';");
            assertThat(login.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(login.body()).doesNotContain("http://").doesNotContain("https://");
            HttpResponse<String> uplot = send(beacon, HttpRequest.newBuilder(URI.create(console(beacon)
                    + "assets/uPlot.iife.min.js")));
            assertThat(uplot.statusCode()).isEqualTo(200);
            assertThat(uplot.body()).contains("uPlot");
        }
    }

    private static HttpResponse<String> post(TestServer beacon, String page, Cookie session, String form) throws Exception {
        return send(beacon, HttpRequest.newBuilder(URI.create(console(beacon) + page))
                .header("Cookie", Console.COOKIE + "=" + session.getValue())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private static HttpResponse<String> send(TestServer beacon, HttpRequest.Builder request) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }
}