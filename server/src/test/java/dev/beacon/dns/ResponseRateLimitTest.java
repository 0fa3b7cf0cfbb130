package dev.beacon.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rate limit's arithmetic: budget per network and kind and second, then slip and drop. */
class ResponseRateLimitTest {

    private final ResponseRateLimit limit = new ResponseRateLimit(20, 2, 24, 56);

    @Test
    void theBudgetIsSentAndTheExcessAlternatesSlipAndDrop() {
        Map<ResponseRateLimit.Action, Integer> seen = count("192.0.2.1", 7, 0, 100);
        assertThat(seen).containsEntry(ResponseRateLimit.Action.SEND, 20)
                .containsEntry(ResponseRateLimit.Action.SLIP, 40)
                .containsEntry(ResponseRateLimit.Action.DROP, 40);
    }

    @Test
    void addressesOfOneSlash24ShareABudget() {
        count("192.0.2.1", 7, 0, 20);
        assertThat(limit.admit(ip("192.0.2.200"), 7, 0)).isNotEqualTo(ResponseRateLimit.Action.SEND);
    }

    @Test
    void anotherNetworkIsUnaffected() {
        count("192.0.2.1", 7, 0, 1000);
        assertThat(count("192.0.3.1", 7, 0, 20)).containsOnlyKeys(ResponseRateLimit.Action.SEND);
    }

    @Test
    void addressesOfOneSlash56ShareABudgetAndTheNextSlash56DoesNot() {
        count("2001:db8:0:1::1", 7, 0, 20);
        assertThat(limit.admit(ip("2001:db8:0:ff:abcd::9"), 7, 0)).isNotEqualTo(ResponseRateLimit.Action.SEND);
        assertThat(limit.admit(ip("2001:db8:0:100::1"), 7, 0)).isEqualTo(ResponseRateLimit.Action.SEND);
    }

    @Test
    void anotherKindOfResponseHasItsOwnBudget() {
        count("192.0.2.1", 7, 0, 1000);
        assertThat(limit.admit(ip("192.0.2.1"), 8, 0)).isEqualTo(ResponseRateLimit.Action.SEND);
    }

    @Test
    void theBudgetRefillsTheNextSecond() {
        count("192.0.2.1", 7, 0, 1000);
        assertThat(count("192.0.2.1", 7, 1, 20)).containsOnlyKeys(ResponseRateLimit.Action.SEND);
    }

    @Test
    void slipZeroDropsEveryLimitedResponse() {
        ResponseRateLimit dropAll = new ResponseRateLimit(5, 0, 24, 56);
        for (int i = 0; i < 5; i++) {
            dropAll.admit(ip("192.0.2.1"), 7, 0);
        }
        for (int i = 0; i < 10; i++) {
            assertThat(dropAll.admit(ip("192.0.2.1"), 7, 0)).isEqualTo(ResponseRateLimit.Action.DROP);
        }
    }

    private Map<ResponseRateLimit.Action, Integer> count(String address, long kind, long second, int n) {
        Map<ResponseRateLimit.Action, Integer> seen = new EnumMap<>(ResponseRateLimit.Action.class);
        InetAddress source = ip(address);
        for (int i = 0; i < n; i++) {
            seen.merge(limit.admit(source, kind, second), 1, Integer::sum);
        }
        return seen;
    }

    private static InetAddress ip(String text) {
        return DnsFixture.ip(text);
    }
}
