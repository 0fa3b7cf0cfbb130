package dev.beacon.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.record.Addresses;
import dev.beacon.record.Change;
import dev.beacon.record.NameRecord;
import dev.beacon.store.JdbcStore;
import dev.beacon.store.StoreSettings;
import dev.beacon.testing.MutableClock;
import dev.beacon.testing.WebhookReceiver;
import dev.beacon.token.DeviceId;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The delivery loop over a real SQLite outbox and a real receiver, on a clock the test moves. */
class WebhookDeliveryIT {

    @TempDir
    Path dir;

    @Test
    void f10AnEventFailingForLongerThanTheLimitIsDroppedAndCounted() throws Exception {
        MutableClock clock = new MutableClock(1_800_000_000_000L);
        try (WebhookReceiver receiver = new WebhookReceiver();
                JdbcStore store = JdbcStore.connect(StoreSettings.of("jdbc:sqlite:" + dir.resolve("b.db")))) {
            store.open(List.of("ddns.test"));
            Webhook hook = new Webhook("ddns.test", URI.create(receiver.url()), "0123456789abcdef",
                    EnumSet.allOf(WebhookEvent.class));
            WebhookEvents events = new WebhookEvents(List.of(hook));
            NameRecord cam1 = new NameRecord("ddns.test", "cam1", DeviceId.parse("SN-1"),
                    Addresses.of(dev.beacon.ip.IpLiteral.parse("198.51.100.1")), Map.of(), List.of(), "", "", clock.millis(),
                    clock.millis(), 0);
            Change created = Change.pending("ddns.test", "cam1", null, cam1, clock.millis());
            store.commit(-1, "test", new dev.beacon.store.Batch() {
                @Override
                public List<Change> decide(List<Change> missed, java.util.Set<String> spent) {
                    return List.of(created);
                }

                @Override
                public List<dev.beacon.store.OutboxEntry> outbox(List<Change> committed) {
                    return events.of(committed);
                }
            });
            assertThat(store.outboxPending()).isEqualTo(1);
            receiver.answer(500);
            try (WebhookDelivery delivery = new WebhookDelivery(store, List.of(hook), clock, Duration.ofHours(72))) {
                delivery.start();
                awaitTrue(() -> delivery.failedAttempts() >= 1);
                assertThat(delivery.dropped()).isZero();
                clock.advanceSeconds(73 * 3600);
                awaitTrue(() -> delivery.dropped() == 1);
                assertThat(store.outboxPending()).isZero();
                assertThat(receiver.await(1, Duration.ZERO)).isEmpty();
            }
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }
}
