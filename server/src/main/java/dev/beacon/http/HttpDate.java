package dev.beacon.http;

import io.netty.handler.codec.DateFormatter;
import java.time.Clock;
import java.util.Date;

/**
 * The {@code Date} header value, formatted once per second (clock-less devices set their clocks
 * from it, protocol §1). Thread-safe: a racing reformat writes the same text.
 */
final class HttpDate {

    private record Cached(long second, String text) {
    }

    private final Clock clock;
    private volatile Cached cached = new Cached(-1, "");

    HttpDate(Clock clock) {
        this.clock = clock;
    }

    String now() {
        long millis = clock.millis();
        long second = millis / 1000;
        Cached c = cached;
        if (c.second != second) {
            c = new Cached(second, DateFormatter.format(new Date(second * 1000)));
            cached = c;
        }
        return c.text;
    }
}
