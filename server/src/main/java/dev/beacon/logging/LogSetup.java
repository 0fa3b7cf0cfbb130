package dev.beacon.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.beacon.config.BeaconConfig;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code logging:} from the config to Logback, once, before the server starts: the root
 * level, and the JSON encoder (one object per line, for log shippers) in place of the text line.
 * {@code BEACON_LOG_LEVEL} in the environment still wins over the file, for a quick look.
 */
public final class LogSetup {

    private LogSetup() {
    }

    public static void apply(BeaconConfig.Logging logging) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        String fromEnv = System.getenv("BEACON_LOG_LEVEL");
        root.setLevel(Level.toLevel(fromEnv != null ? fromEnv : logging.level(), Level.INFO));
        if (logging.json() && root.getAppender("STDERR") instanceof ConsoleAppender<ILoggingEvent> console) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(context);
            // The line as the text format shows it, not a template and its arguments apart.
            json.setWithFormattedMessage(true);
            json.setWithMessage(false);
            json.setWithArguments(false);
            json.setWithContext(false);
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.start();
            console.stop();
            Encoder<ILoggingEvent> encoder = json;
            console.setEncoder(encoder);
            console.start();
        }
    }
}
