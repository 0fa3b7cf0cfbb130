package dev.beacon.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code logging:} from the config to Logback, once, before the server starts: the root
 * level, and the JSON encoder (one object per line, for log shippers) in place of the text line.
 * {@code BEACON_LOG_LEVEL} in the environment still wins over the file, for a quick look.
 */
public final class LogSetup {

    private LogSetup() {
    }

    /** A new root level (a config reload); BEACON_LOG_LEVEL in the environment still wins. */
    public static void level(String level) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            String fromEnv = System.getenv("BEACON_LOG_LEVEL");
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(
                    Level.toLevel(fromEnv != null ? fromEnv : level, Level.INFO));
        }
    }

    /**
     * @param level a Logback level name (ERROR ... TRACE)
     * @param json one JSON object per line instead of the text line
     */
    public static void apply(String level, boolean json) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        String fromEnv = System.getenv("BEACON_LOG_LEVEL");
        root.setLevel(Level.toLevel(fromEnv != null ? fromEnv : level, Level.INFO));
        if (json && root.getAppender("STDERR") instanceof ConsoleAppender<ILoggingEvent> console) {
            JsonEncoder encoder = new JsonEncoder();
            encoder.setContext(context);
            // The line as the text format shows it, not a template and its arguments apart.
            encoder.setWithFormattedMessage(true);
            encoder.setWithMessage(false);
            encoder.setWithArguments(false);
            encoder.setWithContext(false);
            encoder.setWithSequenceNumber(false);
            encoder.setWithNanoseconds(false);
            encoder.start();
            console.stop();
            Encoder<ILoggingEvent> lines = encoder;
            console.setEncoder(lines);
            console.start();
        }
    }
}
