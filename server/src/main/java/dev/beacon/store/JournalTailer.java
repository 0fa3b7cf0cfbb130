package dev.beacon.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells this node when other nodes committed: a PostgreSQL connection of its own that LISTENs on
 * the journal channel (every commit NOTIFYs it in its transaction) and calls {@code moved} on each
 * notification, and at least every {@code poll} anyway, so a lost notification (a dropped
 * connection, a restart of the database) delays a change but never loses it. Reconnects by itself.
 * One thread; start once, close once.
 */
final class JournalTailer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JournalTailer.class);

    private final DatabaseUrl url;
    private final StoreSettings settings;
    private final Runnable moved;
    private final int pollMillis;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Connection connection;

    private final boolean listens;

    /**
     * @param listens false to poll only (a streaming replica accepts no LISTEN)
     */
    JournalTailer(DatabaseUrl url, StoreSettings settings, Runnable moved, Duration poll, boolean listens) {
        this.listens = listens;
        this.url = url;
        this.settings = settings;
        this.moved = moved;
        this.pollMillis = (int) Math.max(1, poll.toMillis());
        this.thread = new Thread(this::run, "beacon-journal-tailer");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        if (!listens) {
            while (running) {
                moved.run();
                sleep(pollMillis);
            }
            return;
        }
        long backoff = 100;
        while (running) {
            try (Connection c = listen()) {
                connection = c;
                backoff = 100;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notes = pg.getNotifications(pollMillis);
                    // A notification, or the poll interval passed: either way, look.
                    moved.run();
                    if ((notes == null || notes.length == 0) && !c.isValid(1)) {
                        throw new SQLException("listening connection lost");
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                log.debug("journal listener: {}; reconnecting", e.getMessage());
                moved.run();
                sleep(backoff);
                backoff = Math.min(backoff * 2, pollMillis);
            }
        }
    }

    private Connection listen() throws SQLException {
        Properties props = new Properties();
        props.setProperty("connectTimeout", Long.toString(Math.max(1, settings.connectTimeout().toSeconds())));
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("ApplicationName", "beacon journal listener");
        Connection c = DriverManager.getConnection(url.text(), props);
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + Dialect.CHANNEL);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // Closing anyway.
            }
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
