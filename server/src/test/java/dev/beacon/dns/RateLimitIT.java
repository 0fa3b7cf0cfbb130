package dev.beacon.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.testing.Dig;
import dev.beacon.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Response rate limiting and DNS Cookies on the default configuration, driven by the real tools:
 * dnsperf floods one name from 127.0.0.1 while dig asks from other addresses (E1, E3). Every
 * address is on loopback; 127.0.1.1 is another /24 than the flood's.
 */
class RateLimitIT {

    private static final Pattern COOKIE = Pattern.compile("; COOKIE: ([0-9a-f]+)(?: \\((good|bad)\\))?");

    @TempDir
    static Path dir;
    static TestServer beacon;

    @BeforeAll
    static void start() throws Exception {
        beacon = TestServer.in(dir).start();
        beacon.add("E0:46:9A:B8:1B:FC", "cam1", "myip=198.51.100.7");
    }

    @AfterAll
    static void stop() {
        beacon.close();
    }

    @Test
    void h9AFloodFromOneSourceIsMostlyDroppedOrSlippedAndASecondSourceIsUnaffected() throws Exception {
        double limitedBefore = beacon.metric("beacon_dns_rate_limited_total");
        Process flood = dnsperf(4, 2000);
        List<Dig.Answer> other = new ArrayList<>();
        Thread.sleep(1000);
        for (int i = 0; i < 10; i++) {
            other.add(Dig.ask(beacon.dnsPort(), "-b", "127.0.1.1", "+ignore", "cam1.ddns.test", "A"));
            Thread.sleep(100);
        }
        String report = finish(flood);
        long sent = number(report, "Queries sent:\\s+(\\d+)");
        long completed = number(report, "Queries completed:\\s+(\\d+)");
        double limited = beacon.metric("beacon_dns_rate_limited_total") - limitedBefore;

        assertThat(sent).as(report).isGreaterThan(4000);
        // About 20 answers a second get through, 100 in the run at most; the rest were limited.
        assertThat(limited).as(report).isGreaterThan(sent * 9 / 10);
        assertThat(beacon.metric("beacon_dns_rate_limited_total{action=\"slipped\"")).isGreaterThan(0);
        assertThat(completed).as("completed includes the truncated slips").isLessThan(sent * 6 / 10);
        for (Dig.Answer a : other) {
            assertThat(a.status()).as(a.output()).isEqualTo("NOERROR");
            assertThat(a.hasFlag("tc")).as(a.output()).isFalse();
            assertThat(a.answer()).as(a.output()).containsExactly("cam1.ddns.test. 60 IN A 198.51.100.7");
        }
    }

    @Test
    void digGetsAServerCookieAndItIsGoodWhenReturned() throws Exception {
        Dig.Answer first = Dig.ask(beacon.dnsPort(), "-b", "127.0.2.1", "+cookie", "cam1.ddns.test", "A");
        String cookie = cookie(first);
        assertThat(cookie).hasSize(48);
        Dig.Answer second = Dig.ask(beacon.dnsPort(), "-b", "127.0.2.1", "+cookie=" + cookie, "cam1.ddns.test", "A");
        assertThat(second.output()).contains("(good)");
        assertThat(second.answer()).containsExactly("cam1.ddns.test. 60 IN A 198.51.100.7");
    }

    @Test
    void h9ANeighbourOfTheFloodThatReturnsItsCookieIsStillAnsweredOverUdp() throws Exception {
        String cookie = cookie(Dig.ask(beacon.dnsPort(), "-b", "127.0.0.5", "+cookie", "cam1.ddns.test", "A"));
        Process flood = dnsperf(3, 2000);
        Thread.sleep(1000);
        List<Dig.Answer> withCookie = new ArrayList<>();
        List<Dig.Answer> without = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            withCookie.add(Dig.ask(beacon.dnsPort(), "-b", "127.0.0.5", "+ignore", "+cookie=" + cookie,
                    "cam1.ddns.test", "A"));
            without.add(Dig.ask(beacon.dnsPort(), "-b", "127.0.0.5", "+ignore", "+nocookie", "cam1.ddns.test", "A"));
        }
        finish(flood);
        for (Dig.Answer a : withCookie) {
            assertThat(a.hasFlag("tc")).as(a.output()).isFalse();
            assertThat(a.answer()).as(a.output()).containsExactly("cam1.ddns.test. 60 IN A 198.51.100.7");
        }
        assertThat(without).as("the same /24 without a cookie shares the flood's budget")
                .anyMatch(a -> a.hasFlag("tc") || a.status() == null);
    }

    private static Process dnsperf(int seconds, int perSecond) throws Exception {
        Path queries = dir.resolve("queries.txt");
        Files.writeString(queries, "cam1.ddns.test A\n");
        return new ProcessBuilder("dnsperf", "-s", "127.0.0.1", "-p", Integer.toString(beacon.dnsPort()), "-d",
                queries.toString(), "-l", Integer.toString(seconds), "-Q", Integer.toString(perSecond), "-q", "10000", "-t", "1")
                .redirectErrorStream(true).start();
    }

    private static String finish(Process p) throws Exception {
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(out, StandardCharsets.UTF_8);
    }

    private static long number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static String cookie(Dig.Answer answer) {
        Matcher m = COOKIE.matcher(answer.output());
        assertThat(m.find()).as(answer.output()).isTrue();
        return m.group(1);
    }
}
