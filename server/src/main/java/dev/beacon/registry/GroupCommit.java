package dev.beacon.registry;

import dev.beacon.record.Change;
import dev.beacon.store.Sighting;
import dev.beacon.store.Store;
import dev.beacon.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's single writer. Commands queue up while a commit is in flight; the writer takes
 * them all as one batch, decides each against the batch so far, writes every change in one
 * transaction (one fsync), publishes the new snapshot, and only then completes the commands'
 * futures. So a change costs a share of one fsync, and an acknowledged change is both durable
 * and visible to the next reader.
 *
 * <p>If the commit fails, every command of the batch fails and the published snapshot stays the
 * last committed one. One thread, started by {@link #start()}; {@link #submit} is thread-safe.
 */
final class GroupCommit implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    private static final long PRUNE_FIRST_AFTER_MILLIS = 60_000;
    private static final long PRUNE_EVERY_MILLIS = 3_600_000;
    private static final long STOP_CHECK_MILLIS = 200;

    private record Pending(Command command, CompletableFuture<Decision> reply, long queuedNanos) {
    }

    private final Store store;
    private final Supplier<RegistrySnapshot> current;
    private final Consumer<RegistrySnapshot> publish;
    private final Sightings sightings;
    private final Clock clock;
    private final int maxBatch;
    private final long sightingsEveryMillis;
    private final long retentionMillis;
    private final BlockingQueue<Pending> queue;
    private final Thread thread;
    private final CommitWatchdog watchdog;
    /** The batch whose commit is under way, for the watchdog; empty between commits. */
    private volatile List<Pending> inFlight = List.of();
    private volatile boolean running = true;
    private long nextSightingsFlush;
    private long nextPrune;
    private long failingSince = -1;

    GroupCommit(Store store, Supplier<RegistrySnapshot> current, Consumer<RegistrySnapshot> publish,
            Sightings sightings, Clock clock, RegistrySettings settings) {
        this.store = store;
        this.current = current;
        this.publish = publish;
        this.sightings = sightings;
        this.clock = clock;
        this.maxBatch = settings.maxBatch();
        this.sightingsEveryMillis = settings.sightingsFlush().toMillis();
        this.retentionMillis = settings.journalRetention().toMillis();
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.thread = new Thread(this::run, "beacon-writer");
        this.watchdog = new CommitWatchdog(settings.commitTimeout(), this::expire);
        this.nextSightingsFlush = clock.millis() + sightingsEveryMillis;
        this.nextPrune = clock.millis() + PRUNE_FIRST_AFTER_MILLIS;
    }

    void start() {
        thread.start();
        watchdog.start();
    }

    /** Queues a command; the future completes once its batch is durable (or failed). */
    CompletableFuture<Decision> submit(Command command) {
        CompletableFuture<Decision> reply = new CompletableFuture<>();
        if (!running || !queue.offer(new Pending(command, reply, System.nanoTime()))) {
            reply.complete(Decision.of(Outcome.BUSY));
        }
        return reply;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                // Wake at least every STOP_CHECK_MILLIS to see a close(): interrupting the thread
                // instead could land in the middle of a JDBC commit.
                long wait = Math.min(Math.min(nextSightingsFlush, nextPrune) - clock.millis(), STOP_CHECK_MILLIS);
                Pending first = queue.poll(Math.max(1, wait), TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, maxBatch - 1);
                    process(batch);
                    batch.clear();
                }
                if (clock.millis() >= nextSightingsFlush) {
                    flushSightings();
                }
                if (clock.millis() >= nextPrune) {
                    pruneJournal();
                }
            } catch (InterruptedException e) {
                // Nobody interrupts this thread but the JVM going down; finish what is queued.
                running = false;
            } catch (RuntimeException | Error e) {
                // A bug: fail whatever was in hand rather than leave devices waiting forever.
                log.error("writer fault; failing {} queued commands", batch.size(), e);
                batch.forEach(p -> p.reply().complete(Decision.of(Outcome.STORAGE_FAILED)));
                batch.clear();
            }
        }
        flushSightings();
        for (Pending p; (p = queue.poll()) != null; ) {
            p.reply().complete(Decision.of(Outcome.BUSY));
        }
    }

    private void process(List<Pending> batch) {
        // Commands the watchdog already answered with 12 are not decided any more: the device
        // was told the server failed, and will retry.
        batch.removeIf(p -> p.reply().isDone());
        if (batch.isEmpty()) {
            return;
        }
        inFlight = List.copyOf(batch);
        try {
            decideAndCommit(batch);
        } finally {
            inFlight = List.of();
        }
    }

    /**
     * Answers with a server error every command that has waited longer than the commit timeout,
     * queued or in a commit that has not returned (a frozen disk or an unresponsive database).
     * A commit that does return later still publishes what it made durable.
     *
     * @return how many commands were answered
     */
    private int expire(long olderThanNanos) {
        int answered = 0;
        for (Pending p : inFlight) {
            if (p.queuedNanos() - olderThanNanos < 0 && p.reply().complete(Decision.of(Outcome.STORAGE_FAILED))) {
                answered++;
            }
        }
        for (Pending p : queue) {
            if (p.queuedNanos() - olderThanNanos < 0 && p.reply().complete(Decision.of(Outcome.STORAGE_FAILED))) {
                answered++;
            }
        }
        return answered;
    }

    private void decideAndCommit(List<Pending> batch) {
        RegistrySnapshot base = current.get();
        PendingState state = new PendingState(base);
        Decision[] decisions = new Decision[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            decisions[i] = RegistryRules.decide(batch.get(i).command(), state);
        }
        if (state.hasChanges()) {
            List<Change> committed;
            try {
                committed = store.commit(state.changes());
            } catch (StoreException e) {
                storageFailed(e, batch.size());
                for (Pending p : batch) {
                    p.reply().complete(Decision.of(Outcome.STORAGE_FAILED));
                }
                return;
            }
            storageRecovered();
            publish.accept(base.apply(committed));
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).reply().complete(decisions[i]);
        }
    }

    private void flushSightings() {
        nextSightingsFlush = clock.millis() + sightingsEveryMillis;
        List<Sighting> seen = sightings.drain();
        try {
            store.touch(seen);
        } catch (StoreException e) {
            sightings.restore(seen);
            log.warn("could not record last-seen times of {} devices; will retry: {}", seen.size(), e.getMessage());
        }
    }

    private void pruneJournal() {
        nextPrune = clock.millis() + PRUNE_EVERY_MILLIS;
        try {
            long deleted = store.pruneJournal(clock.millis() - retentionMillis);
            if (deleted > 0) {
                log.info("pruned {} journal entries older than {}", deleted, java.time.Duration.ofMillis(retentionMillis));
            }
        } catch (StoreException e) {
            log.warn("journal pruning failed; will retry: {}", e.getMessage());
        }
    }

    private void storageFailed(StoreException e, int commands) {
        long now = clock.millis();
        // Log the first failure with its cause, then at most every 10 s, not once per batch.
        if (failingSince < 0) {
            failingSince = now;
            log.error("storage failed; {} commands answered with a server error", commands, e);
        } else if (now - failingSince >= 10_000) {
            failingSince = now;
            log.error("storage still failing: {}", e.getMessage());
        }
    }

    private void storageRecovered() {
        if (failingSince >= 0) {
            failingSince = -1;
            log.info("storage recovered");
        }
    }

    /** Stops taking commands, finishes those queued, writes pending sightings. */
    @Override
    public void close() {
        running = false;
        watchdog.close();
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
