package dev.beacon.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.xbill.DNS.Message;

/**
 * Whatever a packet holds, the query path returns (no exception, bounded time), and any reply it
 * gives parses, echoes the ID, and fits the UDP limit.
 */
class QueryPathProperties {

    private final DnsFixture dns = new DnsFixture();

    private static final List<byte[]> SEEDS = List.of(
            Packet.query("cam1.ddns.test", 1, 0).build(),
            Packet.query("cam2.ddns.test", 28, 1).opt(4096, 0x8000, Packet.option(10, 1, 2, 3, 4, 5, 6, 7, 8)).build(),
            Packet.query("ddns.test", 2, 1).opt(1232).build(),
            Packet.query("nope.sub.ddns.test", 255, 1).opt(512, 0, Packet.option(8, 0, 1, 24, 0, 192, 0, 2)).build(),
            Packet.query("ddns.test", 6, 1).u16(0xC00C).u16(1).u16(1).u32(0).u16(4).bytes(1, 2, 3, 4).build());

    @Provide
    Arbitrary<byte[]> mutated() {
        Arbitrary<byte[]> seed = Arbitraries.of(SEEDS);
        Arbitrary<List<Integer>> positions = Arbitraries.integers().between(0, 200).list().ofMaxSize(8);
        Arbitrary<List<Integer>> values = Arbitraries.integers().between(0, 255).list().ofSize(8);
        Arbitrary<Integer> cut = Arbitraries.integers().between(0, 250);
        return Combinators.combine(seed, positions, values, cut).as((s, pos, val, c) -> {
            byte[] b = s.clone();
            for (int i = 0; i < pos.size(); i++) {
                b[pos.get(i) % b.length] = (byte) (int) val.get(i);
            }
            return c < b.length && c % 3 == 0 ? java.util.Arrays.copyOf(b, c) : b;
        });
    }

    @Property(tries = 3000)
    void mutatedQueriesAlwaysGetAWellFormedReplyOrNone(@ForAll("mutated") byte[] packet) {
        check(packet);
    }

    @Property(tries = 2000)
    void randomBytesAlwaysGetAWellFormedReplyOrNone(@ForAll @Size(max = 600) byte[] packet) {
        check(packet);
    }

    private void check(byte[] packet) {
        byte[] udp = dns.udp(packet);
        byte[] tcp = dns.tcp(packet);
        for (byte[] reply : new byte[][] {udp, tcp}) {
            if (reply == null) {
                continue;
            }
            Message m = DnsFixture.parse(reply);
            assertThat(m.getHeader().getID()).isEqualTo((packet[0] & 0xFF) << 8 | packet[1] & 0xFF);
            assertThat(m.getHeader().getFlag(org.xbill.DNS.Flags.QR)).isTrue();
        }
        if (udp != null) {
            assertThat(udp.length).isLessThanOrEqualTo(1232);
        }
    }
}
