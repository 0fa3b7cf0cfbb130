package dev.beacon.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ServerClockTest {

    private final Clock wrong = Clock.fixed(Instant.parse("2001-01-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void aDeviceWithAClockUsesIt() {
        ServerClock c = new ServerClock(wrong, false);
        c.observe(new ServerReply(200, "x", 0, Instant.parse("2026-11-27T12:00:00Z").toEpochMilli()));
        assertThat(c.known()).isTrue();
        assertThat(c.nowSeconds()).isEqualTo(Instant.parse("2001-01-01T00:00:00Z").getEpochSecond());
    }

    @Test
    void aClocklessDeviceTakesTheServersTime() {
        ServerClock c = new ServerClock(wrong, true);
        assertThat(c.known()).isFalse();
        c.observe(new ServerReply(200, "x", 0, Instant.parse("2026-11-27T12:00:00Z").toEpochMilli()));
        assertThat(c.known()).isTrue();
        assertThat(c.nowSeconds()).isEqualTo(Instant.parse("2026-11-27T12:00:00Z").getEpochSecond());
    }

    @Test
    void aReplyWithoutADateTeachesNothing() {
        ServerClock c = new ServerClock(wrong, true);
        c.observe(new ServerReply(200, "x", 0, -1));
        assertThat(c.known()).isFalse();
    }
}
