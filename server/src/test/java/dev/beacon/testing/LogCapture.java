package dev.beacon.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The lines one of the server's loggers writes while a test runs, as the operator would read them. */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(String name) {
        this.logger = (Logger) LoggerFactory.getLogger(name);
        appender.start();
        logger.addAppender(appender);
    }

    public static LogCapture of(Class<?> source) {
        return new LogCapture(source.getName());
    }

    /** The logger of a class the test cannot name (package-private elsewhere). */
    public static LogCapture named(String logger) {
        return new LogCapture(logger);
    }

    /** The formatted messages so far. */
    public List<String> lines() {
        synchronized (appender.list) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    /** Waits (up to 10 s) for a line containing {@code text}. */
    public String await(String text) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (String line : lines()) {
                if (line.contains(text)) {
                    return line;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no log line containing '" + text + "' in " + lines());
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
