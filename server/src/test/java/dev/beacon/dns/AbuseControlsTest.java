package dev.beacon.dns;

import static dev.beacon.dns.DnsFixture.ip;
import static dev.beacon.dns.DnsFixture.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * DNS Cookies and response rate limiting on the query path: what a client that returns its
 * cookie, one that does not, and a flood from one network each get back (E1, E3).
 */
class AbuseControlsTest {

    private static final byte[] CLIENT = HexFormat.of().parseHex("0102030405060708");
    private static final InetAddress FLOODED = ip("192.0.2.10");

    private final DnsFixture dns = new DnsFixture(
            new ServerCookies(HexFormat.of().parseHex("e5e973e5a6b2a43f48e7dc849e37bfcf")),
            new ResponseRateLimit(20, 2, 24, 56));

    @Test
    void aClientCookieIsAnsweredWithItAndAServerCookie() {
        Message reply = parse(dns.udpFrom(FLOODED, query("cam1.ddns.test.", Type.A, CLIENT, null)));
        CookieOption cookie = cookie(reply).orElseThrow();
        assertThat(cookie.getClientCookie()).isEqualTo(CLIENT);
        assertThat(cookie.getServerCookie()).isPresent();
        assertThat(cookie.getServerCookie().get()).hasSize(16).startsWith(1, 0, 0, 0);
        assertThat(reply.getSection(Section.ANSWER)).hasSize(1);
    }

    @Test
    void aQueryWithoutACookieGetsNone() {
        Message reply = parse(dns.udpFrom(FLOODED, query("cam1.ddns.test.", Type.A, null, null)));
        assertThat(cookie(reply)).isEmpty();
    }

    @Test
    void a4ACookieOnlyQueryIsAnsweredNoErrorWithAServerCookie() {
        Message q = new Message();
        q.getHeader().setOpcode(0);
        q.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new CookieOption(CLIENT))), Section.ADDITIONAL);
        Message reply = parse(dns.udpFrom(FLOODED, q.toWire()));
        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(reply.getHeader().getCount(Section.QUESTION)).isZero();
        assertThat(cookie(reply).orElseThrow().getServerCookie()).isPresent();
    }

    @Test
    void aFloodFromOneNetworkIsMostlyDroppedOrTruncated() {
        int answered = 0;
        int truncated = 0;
        int dropped = 0;
        for (int i = 0; i < 200; i++) {
            byte[] reply = dns.udpFrom(FLOODED, query("cam1.ddns.test.", Type.A, null, null));
            if (reply == null) {
                dropped++;
            } else if (parse(reply).getHeader().getFlag(Flags.TC)) {
                truncated++;
            } else {
                answered++;
            }
        }
        // All 200 fall in one or two seconds of the monotonic clock: at most two budgets of 20.
        assertThat(answered).isBetween(20, 40);
        assertThat(truncated + dropped).isGreaterThanOrEqualTo(160);
        assertThat(truncated).isGreaterThan(0);
        assertThat(dns.counters.rateLimitedDropped() + dns.counters.rateLimitedSlipped()).isEqualTo(truncated + dropped);
    }

    @Test
    void aSecondNetworkIsAnsweredDuringTheFlood() {
        flood();
        for (int i = 0; i < 15; i++) {
            Message reply = parse(dns.udpFrom(ip("198.51.100.53"), query("cam1.ddns.test.", Type.A, null, null)));
            assertThat(reply.getHeader().getFlag(Flags.TC)).isFalse();
            assertThat(reply.getSection(Section.ANSWER)).hasSize(1);
        }
    }

    @Test
    void aClientReturningItsServerCookieIsAnsweredDuringTheFlood() {
        InetAddress neighbour = ip("192.0.2.77");
        byte[] server = cookie(parse(dns.udpFrom(neighbour, query("cam1.ddns.test.", Type.A, CLIENT, null))))
                .orElseThrow().getServerCookie().orElseThrow();
        flood();
        for (int i = 0; i < 15; i++) {
            Message reply = parse(dns.udpFrom(neighbour, query("cam1.ddns.test.", Type.A, CLIENT, server)));
            assertThat(reply.getSection(Section.ANSWER)).hasSize(1);
        }
        assertThat(dns.counters.cookiesVerified()).isEqualTo(15);
    }

    @Test
    void h9AServerCookieMadeForAnotherAddressEarnsNoExemption() {
        byte[] server = cookie(parse(dns.udpFrom(ip("203.0.113.9"), query("cam1.ddns.test.", Type.A, CLIENT, null))))
                .orElseThrow().getServerCookie().orElseThrow();
        flood();
        byte[] reply = dns.udpFrom(FLOODED, query("cam1.ddns.test.", Type.A, CLIENT, server));
        assertThat(reply == null || parse(reply).getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(dns.counters.cookiesVerified()).isZero();
    }

    @Test
    void h9RandomNamesOfOneZoneShareOneBudget() {
        int limited = 0;
        for (int i = 0; i < 100; i++) {
            byte[] reply = dns.udpFrom(FLOODED, query("random" + i + ".ddns.test.", Type.A, null, null));
            if (reply == null || parse(reply).getHeader().getFlag(Flags.TC)) {
                limited++;
            }
        }
        assertThat(limited).isGreaterThanOrEqualTo(60);
    }

    @Test
    void answersOverTcpAreNeverLimited() {
        flood();
        byte[] packet = query("cam1.ddns.test.", Type.A, null, null);
        for (int i = 0; i < 50; i++) {
            assertThat(parse(dns.tcpFrom(FLOODED, packet)).getSection(Section.ANSWER)).hasSize(1);
        }
    }

    private void flood() {
        for (int i = 0; i < 100; i++) {
            dns.udpFrom(FLOODED, query("cam1.ddns.test.", Type.A, null, null));
        }
    }

    private static byte[] query(String name, int type, byte[] client, byte[] server) {
        try {
            Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
            if (client != null) {
                CookieOption option = server == null ? new CookieOption(client) : new CookieOption(client, server);
                q.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(option)), Section.ADDITIONAL);
            }
            return q.toWire();
        } catch (org.xbill.DNS.TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Optional<CookieOption> cookie(Message reply) {
        OPTRecord opt = reply.getOPT();
        if (opt == null) {
            return Optional.empty();
        }
        for (EDNSOption option : opt.getOptions()) {
            if (option instanceof CookieOption c) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
