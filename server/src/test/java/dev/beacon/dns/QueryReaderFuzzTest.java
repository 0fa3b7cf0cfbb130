package dev.beacon.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.HexFormat;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;

/**
 * The query path on any datagram: no exception, and a reply, when there is one, that dnsjava
 * reads, that carries the query's ID with QR set, and that fits the UDP limit. Cookies are on, so
 * their parsing is fuzzed too. The suite runs the seeds in {@code QueryReaderFuzzTestInputs};
 * {@code bench/fuzz.sh} fuzzes it.
 */
class QueryReaderFuzzTest {

    private static final DnsFixture DNS = new DnsFixture(
            new ServerCookies(HexFormat.of().parseHex("e5e973e5a6b2a43f48e7dc849e37bfcf")), null);

    @FuzzTest(maxDuration = "60m", maxExecutions = 10_000_000)
    void anyDatagramGetsAWellFormedReplyOrNone(byte[] data) {
        byte[] reply = DNS.udp(data);
        if (reply == null) {
            return;
        }
        assertThat(reply.length).isLessThanOrEqualTo(1232);
        Message m = DnsFixture.parse(reply);
        assertThat(m.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(m.getHeader().getID()).isEqualTo((data[0] & 0xFF) << 8 | data[1] & 0xFF);
    }
}
