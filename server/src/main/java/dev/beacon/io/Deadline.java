package dev.beacon.io;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection's deadline. Moving it is two field writes: a single timer checks it when it
 * fires and re-arms for the remainder, so a busy connection costs no cancel and schedule on the
 * event loop's timer queue per request. Used on the connection's event loop only.
 */
public final class Deadline {

    private static final long NONE = Long.MAX_VALUE;

    private final EventExecutor executor;
    private final Runnable onExpiry;
    private long at = NONE;
    private long timerAt;
    private ScheduledFuture<?> timer;

    /**
     * @param onExpiry runs on the executor when the deadline passes
     */
    public Deadline(EventExecutor executor, Runnable onExpiry) {
        this.executor = executor;
        this.onExpiry = onExpiry;
    }

    /** Expires {@code nanos} from now, replacing any earlier deadline. */
    public void arm(long nanos) {
        at = System.nanoTime() + nanos;
        if (timer != null && at - timerAt < 0) {
            // the pending timer would fire after this earlier deadline
            timer.cancel(false);
            timer = null;
        }
        if (timer == null) {
            schedule(nanos);
        }
    }

    /** No deadline until the next {@link #arm}. */
    public void disarm() {
        at = NONE;
    }

    /** Stops the timer for good (the connection closed). */
    public void cancel() {
        at = NONE;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void schedule(long nanos) {
        timerAt = at;
        timer = executor.schedule(this::fire, nanos, TimeUnit.NANOSECONDS);
    }

    private void fire() {
        timer = null;
        if (at == NONE) {
            return;
        }
        long left = at - System.nanoTime();
        if (left > 0) {
            schedule(left);
            return;
        }
        at = NONE;
        onExpiry.run();
    }
}
