package dev.beacon.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ThrottledLogTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final Logger logger = (Logger) LoggerFactory.getLogger("test.throttled." + System.nanoTime());
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final ThrottledLog log = new ThrottledLog(logger, "refused tokens", 3, now::get);

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    @Test
    void logsAtMostTheGivenNumberOfLinesAMinute() {
        for (int i = 0; i < 10; i++) {
            log.warn("refused {}", i);
        }
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("refused 0", "refused 1", "refused 2");
        assertThat(log.suppressed()).isEqualTo(7);
    }

    @Test
    void theNextMinuteStartsBySayingHowManyWereLeftOut() {
        for (int i = 0; i < 5; i++) {
            log.warn("refused {}", i);
        }
        now.addAndGet(TimeUnit.MINUTES.toNanos(1));
        log.warn("refused {}", 5);
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).containsSubsequence(
                "refused 2", "2 more refused tokens were not logged in the minute before", "refused 5");
        assertThat(log.suppressed()).isZero();
    }
}
