package dev.beacon.webhook;

import dev.beacon.store.DeliveryLease;
import dev.beacon.store.OutboxEntry;
import dev.beacon.store.Store;
import dev.beacon.store.StoreException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox: one thread, on the one node holding the delivery lease. Events of a hook
 * go out in journal order, each until its receiver answers 2xx; a receiver that fails (an error
 * status, a redirect, a timeout, a refused connection) is retried after 1, 2, 4... seconds, at
 * most every {@link #MAX_BACKOFF}, with its later events waiting behind. An event still failing
 * after {@code giveUpAfter} is dropped and counted. At least once: a crash after the POST and
 * before the outbox row is deleted sends it again, with the same {@code X-Beacon-Delivery}.
 */
public final class WebhookDelivery implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookDelivery.class);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);
    private static final int BATCH = 100;

    private final Store store;
    private final Map<String, Webhook> hooks = new HashMap<>();
    private final Clock clock;
    private final Duration giveUpAfter;
    private final HttpClient http;
    private final Thread thread;
    private final Object wake = new Object();
    private final Map<String, Integer> failures = new HashMap<>();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder failedAttempts = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private volatile long pending;
    private volatile boolean running = true;
    private boolean woken;
    private DeliveryLease lease;

    public WebhookDelivery(Store store, List<Webhook> configured, Clock clock, Duration giveUpAfter) {
        this.store = store;
        configured.forEach(h -> hooks.put(h.id(), h));
        this.clock = clock;
        this.giveUpAfter = giveUpAfter;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.thread = new Thread(this::run, "webhook-delivery");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** A commit wrote events: look now rather than at the next poll. */
    public void wake() {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }

    private void run() {
        while (running) {
            try {
                if (!haveLease()) {
                    pause(IDLE_POLL.toMillis());
                    continue;
                }
                List<OutboxEntry> due = store.outboxDue(clock.millis(), BATCH);
                if (due.isEmpty()) {
                    pending = store.outboxPending();
                    pause(IDLE_POLL.toMillis());
                    continue;
                }
                deliver(due);
                pending = store.outboxPending();
            } catch (StoreException e) {
                log.warn("webhook delivery: storage failed, will retry: {}", e.getMessage());
                pause(IDLE_POLL.toMillis());
            } catch (RuntimeException e) {
                log.error("webhook delivery fault; will retry", e);
                pause(IDLE_POLL.toMillis());
            }
        }
        if (lease != null) {
            lease.close();
        }
    }

    private boolean haveLease() throws StoreException {
        if (lease != null && lease.valid()) {
            return true;
        }
        if (lease != null) {
            lease.close();
            log.warn("webhook delivery: lost the delivery lease; taking it again");
        }
        lease = store.deliveryLease();
        return lease != null;
    }

    private void deliver(List<OutboxEntry> due) throws StoreException {
        Map<String, List<OutboxEntry>> byHook = new LinkedHashMap<>();
        for (OutboxEntry e : due) {
            byHook.computeIfAbsent(e.hook(), h -> new java.util.ArrayList<>()).add(e);
        }
        for (Map.Entry<String, List<OutboxEntry>> h : byHook.entrySet()) {
            Webhook hook = hooks.get(h.getKey());
            for (OutboxEntry entry : h.getValue()) {
                if (!running) {
                    return;
                }
                if (hook == null) {
                    // The hook left the config: its queue goes with it.
                    store.outboxDone(entry.hook(), entry.seq());
                    dropped.increment();
                    continue;
                }
                String problem = post(hook, entry);
                if (problem == null) {
                    store.outboxDone(entry.hook(), entry.seq());
                    delivered.increment();
                    if (failures.remove(hook.id()) != null) {
                        log.info("webhook {}: delivering again", hook.url());
                    }
                    continue;
                }
                failedAttempts.increment();
                if (clock.millis() - entry.createdMillis() > giveUpAfter.toMillis()) {
                    log.error("webhook {}: gave up on event {} ({}) after {}: {}", hook.url(), entry.seq(),
                            entry.event(), giveUpAfter, problem);
                    store.outboxDone(entry.hook(), entry.seq());
                    dropped.increment();
                    continue;
                }
                int attempts = failures.merge(hook.id(), 1, Integer::sum);
                long wait = Math.min(MAX_BACKOFF.toMillis(), 1000L << Math.min(20, attempts - 1));
                store.outboxBackOff(hook.id(), attempts, clock.millis() + wait);
                if (attempts == 1 || attempts % 10 == 0) {
                    log.warn("webhook {}: event {} not delivered ({} attempts): {}; next try in {} ms", hook.url(),
                            entry.seq(), attempts, problem, wait);
                }
                break;
            }
        }
    }

    /** POSTs an event; null when the receiver took it (2xx), else why not. */
    private String post(Webhook hook, OutboxEntry entry) {
        long timestamp = clock.millis() / 1000;
        HttpRequest request = HttpRequest.newBuilder(hook.url()).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("User-Agent", "Beacon-Webhook")
                .header("X-Beacon-Event", entry.event())
                .header("X-Beacon-Delivery", Long.toString(entry.seq()))
                .header("X-Beacon-Timestamp", Long.toString(timestamp))
                .header("X-Beacon-Signature", WebhookSignature.sign(hook.secret(), timestamp, entry.body()))
                .POST(HttpRequest.BodyPublishers.ofString(entry.body())).build();
        try {
            HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = r.statusCode();
            if (status >= 200 && status < 300) {
                return null;
            }
            return status >= 300 && status < 400 ? "answered " + status + " (redirects are not followed)"
                    : "answered " + status;
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private void pause(long millis) {
        synchronized (wake) {
            if (!woken && running) {
                try {
                    wake.wait(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            woken = false;
        }
    }

    /** Events waiting in the outbox, as of the last look. */
    public long pending() {
        return pending;
    }

    public long delivered() {
        return delivered.sum();
    }

    /** Attempts that failed (each is retried). */
    public long failedAttempts() {
        return failedAttempts.sum();
    }

    /** Events given up on (failing for longer than the limit, or of a hook no longer configured). */
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public void close() {
        running = false;
        wake();
        try {
            thread.join(Duration.ofSeconds(15).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
