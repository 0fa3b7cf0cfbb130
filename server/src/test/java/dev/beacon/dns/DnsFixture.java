package dev.beacon.dns;

import dev.beacon.ip.Cidr;
import dev.beacon.ip.IpLiteral;
import dev.beacon.logging.ThrottledLog;
import dev.beacon.record.Addresses;
import dev.beacon.record.NameRecord;
import dev.beacon.registry.RegistrySnapshot;
import dev.beacon.token.DeviceId;
import dev.beacon.transfer.Transfers;
import dev.beacon.tsig.Keyring;
import dev.beacon.tsig.TsigKey;
import dev.beacon.zone.NameServer;
import dev.beacon.zone.Soa;
import dev.beacon.zone.TransferRule;
import dev.beacon.zone.Zone;
import dev.beacon.zone.ZonePolicy;
import dev.beacon.zone.ZoneTransfer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A responder over a small, known registry state, and helpers that speak to it in bytes, with
 * dnsjava building the questions and reading the answers.
 *
 * <pre>
 * ddns.test        SOA ns1.ddns.test. hostmaster.ddns.test. (serial 42)
 *                  NS  ns1.ddns.test. ns2.ddns.test. ns.provider.net.
 * ns1              A 192.0.2.53 / AAAA 2001:db8::53 (glue)
 * cam1             A 198.51.100.7
 * cam2             A 198.51.100.8, AAAA 2001:db8::8, TXT "acme-token-1" "acme-token-2"
 * v6only           AAAA 2001:db8::6
 * sub.ddns.test    (a second zone: box A 203.0.113.1)
 * </pre>
 */
class DnsFixture {

    /** The key the fixture's keyring holds; ddns.test may be transferred with it from loopback. */
    static final TsigKey KEY = TsigKey.of("xfr-key", "hmac-sha256", "c2VjcmV0LWtleS1mb3ItdGhlLWZpeHR1cmUtMzItYnl0ZXM=");
    static final Zone ZONE = new Zone("ddns.test", 60, List.of(
            new NameServer("ns1.ddns.test", List.of(IpLiteral.parse("192.0.2.53"), IpLiteral.parse("2001:db8::53"))),
            NameServer.named("ns2.ddns.test"), NameServer.named("ns.provider.net")),
            "hostmaster.ddns.test", new Soa(3600, 3600, 600, 1_209_600, 60), ZonePolicy.defaults(), Map.of(), List.of(),
            new ZoneTransfer(List.of(new TransferRule(KEY, Cidr.parse("127.0.0.0/8"))), List.of()));
    static final Zone SUB = Zone.of("sub.ddns.test", ZonePolicy.defaults(), Map.of(), List.of());

    final AtomicReference<RegistrySnapshot> snapshot = new AtomicReference<>();
    final Responder responder;
    /** What the responder counted. */
    final DnsCounters counters = new DnsCounters();
    private final ReplyLimit udpLimit;
    final Query query = new Query();
    final Responder.Scratch scratch = new Responder.Scratch();

    DnsFixture() {
        this(1232);
    }

    DnsFixture(int udpPayload) {
        this(udpPayload, new Keyring(List.of(KEY)));
    }

    /** The fixture's zones, with the TSIG keys given. */
    DnsFixture(int udpPayload, Keyring keys) {
        this(udpPayload, keys, null, null);
    }

    /** The fixture's zones answered with DNS Cookies and response rate limiting as given (null: off). */
    DnsFixture(ServerCookies cookies, ResponseRateLimit rateLimit) {
        this(1232, new Keyring(List.of(KEY)), cookies, rateLimit);
    }

    private DnsFixture(int udpPayload, Keyring keys, ServerCookies cookies, ResponseRateLimit rateLimit) {
        snapshot.set(RegistrySnapshot.load(List.of(ZONE, SUB), List.of(
                record("ddns.test", "cam1", "198.51.100.7", null),
                withTxt(record("ddns.test", "cam2", "198.51.100.8", "2001:db8::8"), "acme-token-1", "acme-token-2"),
                record("ddns.test", "v6only", null, "2001:db8::6"),
                record("sub.ddns.test", "box", "203.0.113.1", null)),
                Map.of("ddns.test", 42L, "sub.ddns.test", 7L), 42));
        responder = new Responder(snapshot::get, List.of(ZONE, SUB), udpPayload, support(snapshot, keys), counters,
                cookies, rateLimit);
        udpLimit = ReplyLimit.udp(udpPayload);
    }

    /** A zone "big.test" whose apex has {@code count} NS records, for size limits. */
    static final class Big extends DnsFixture {
        Big(int count) {
            super(1232, bigZone(count));
        }
    }

    private static Zone bigZone(int count) {
        List<NameServer> ns = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ns.add(NameServer.named("name-server-number-" + i + ".provider.example"));
        }
        return new Zone("big.test", 60, ns, "hostmaster.big.test", Soa.defaults(), ZonePolicy.defaults(), Map.of(), List.of());
    }

    private DnsFixture(int udpPayload, Zone extra) {
        snapshot.set(RegistrySnapshot.load(List.of(ZONE, SUB, extra), List.of(), Map.of(), 0));
        responder = new Responder(snapshot::get, List.of(ZONE, SUB, extra), udpPayload,
                support(snapshot, new Keyring(List.of(KEY))), counters, null, null);
        udpLimit = ReplyLimit.udp(udpPayload);
    }

    /** The real transfer service over the fixture's snapshot; no store, as UDP transfers read none. */
    private static TransferSupport support(AtomicReference<RegistrySnapshot> snapshot, Keyring keys) {
        ThrottledLog refusals = new ThrottledLog(LoggerFactory.getLogger(DnsFixture.class), "transfer refusals", 20,
                System::nanoTime);
        Transfers transfers = new Transfers(snapshot::get, null, null, refusals, Clock.systemUTC());
        // No registry behind the fixture: a signed update is answered, and refused.
        return new TransferSupport(keys, transfers, refusals, Clock.systemUTC(), null,
                request -> java.util.concurrent.CompletableFuture.completedFuture(Wire.REFUSED));
    }

    static NameRecord record(String zone, String label, String v4, String v6) {
        Addresses a = Addresses.NONE;
        if (v4 != null) {
            a = a.merge(Addresses.of(IpLiteral.parse(v4)));
        }
        if (v6 != null) {
            a = a.merge(Addresses.of(IpLiteral.parse(v6)));
        }
        return new NameRecord(zone, label, DeviceId.parse("SN-" + label), a, Map.of(), List.of(), "", "", 1, 1, 1);
    }

    static NameRecord withTxt(NameRecord r, String... values) {
        return new NameRecord(r.zone(), r.label(), r.device(), r.addresses(), r.fields(), List.of(values), r.userAgent(),
                r.source(), r.createdMillis(), r.updatedMillis(), r.seq());
    }

    /** The reply bytes for these query bytes over UDP, or null when dropped. */
    byte[] udp(byte[] query) {
        return respond(query, udpLimit, InetAddress.getLoopbackAddress(), false);
    }

    /** The reply over UDP to a query from this address, or null when dropped. */
    byte[] udpFrom(InetAddress source, byte[] query) {
        return respond(query, udpLimit, source, false);
    }

    /** The reply over TCP to a query from this address (transfers aside). */
    byte[] tcpFrom(InetAddress source, byte[] query) {
        return respond(query, ReplyLimit.tcp(), source, true);
    }

    byte[] tcp(byte[] query) {
        // Transfers are not streamed here: a fixture has no channel to stream them on.
        return respond(query, ReplyLimit.tcp(), InetAddress.getLoopbackAddress(), false);
    }

    private byte[] respond(byte[] bytes, ReplyLimit limit, InetAddress source, boolean tcp) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        ByteBuf out = Unpooled.buffer();
        try {
            int outcome = responder.respond(in, query, scratch, limit, out, source, tcp);
            if (outcome == Responder.UPDATE) {
                ByteBuf answer = responder.update(scratch, io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, false).join();
                try {
                    return ByteBufUtil.getBytes(answer);
                } finally {
                    answer.release();
                }
            }
            return outcome == Responder.REPLIED ? ByteBufUtil.getBytes(out) : null;
        } finally {
            in.release();
            out.release();
        }
    }

    static Message parse(byte[] reply) {
        try {
            return new Message(reply);
        } catch (IOException e) {
            throw new AssertionError("reply does not parse: " + e, e);
        }
    }

    /** A section as zone-file lines, whitespace folded: {@code cam1.ddns.test. 60 IN A 198.51.100.7}. */
    static List<String> lines(Message m, int section) {
        List<String> out = new ArrayList<>();
        for (Record r : m.getSection(section)) {
            if (section == Section.ADDITIONAL && r.getType() == org.xbill.DNS.Type.OPT) {
                continue;
            }
            String text = r.toString().replaceAll("\\s+", " ");
            if (r instanceof org.xbill.DNS.AAAARecord aaaa) {
                // dnsjava prints IPv6 uncompressed; tables are easier to read in RFC 5952 form.
                text = text.substring(0, text.lastIndexOf(' ') + 1) + IpLiteral.format(aaaa.getAddress());
            }
            out.add(text);
        }
        return out;
    }

    static InetAddress ip(String text) {
        return IpLiteral.parse(text);
    }
}
