package dev.beacon.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadlineTest {

    private final DefaultEventLoop loop = new DefaultEventLoop();
    private final CountDownLatch expired = new CountDownLatch(1);
    private final AtomicLong expiredAt = new AtomicLong();
    private final Deadline deadline = new Deadline(loop, () -> {
        expiredAt.set(System.nanoTime());
        expired.countDown();
    });

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    private void onLoop(Runnable action) throws Exception {
        loop.submit(action).get(5, TimeUnit.SECONDS);
    }

    @Test
    void expiresOnceTheDeadlinePasses() throws Exception {
        long start = System.nanoTime();
        onLoop(() -> deadline.arm(TimeUnit.MILLISECONDS.toNanos(50)));

        assertThat(expired.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(expiredAt.get() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void rearmingLaterPostponesExpiry() throws Exception {
        long start = System.nanoTime();
        onLoop(() -> deadline.arm(TimeUnit.MILLISECONDS.toNanos(30)));
        onLoop(() -> deadline.arm(TimeUnit.MILLISECONDS.toNanos(300)));

        assertThat(expired.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(expiredAt.get() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
    }

    @Test
    void rearmingSoonerThanThePendingTimerExpiresAtTheSoonerTime() throws Exception {
        onLoop(() -> deadline.arm(TimeUnit.SECONDS.toNanos(60)));
        onLoop(() -> deadline.arm(TimeUnit.MILLISECONDS.toNanos(20)));

        assertThat(expired.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void disarmedDeadlineNeverExpires() throws Exception {
        onLoop(() -> deadline.arm(TimeUnit.MILLISECONDS.toNanos(20)));
        onLoop(deadline::disarm);

        assertThat(expired.await(200, TimeUnit.MILLISECONDS)).isFalse();
    }

    @Test
    void cancelledDeadlineNeverExpires() throws Exception {
        onLoop(() -> deadline.arm(TimeUnit.MILLISECONDS.toNanos(20)));
        onLoop(deadline::cancel);

        assertThat(expired.await(200, TimeUnit.MILLISECONDS)).isFalse();
    }
}
