package dev.beacon.registry;

import dev.beacon.record.Change;
import dev.beacon.record.RequestMeta;
import dev.beacon.store.Batch;
import dev.beacon.store.Committed;
import dev.beacon.store.JournalGap;
import dev.beacon.store.OutboxEntry;
import dev.beacon.store.OutcomeUnknown;
import dev.beacon.store.StoredState;
import dev.beacon.store.Sighting;
import dev.beacon.store.StorageFault;
import dev.beacon.store.Store;
import dev.beacon.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
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
 * last committed one. If it fails so that nothing can say what the disk holds (a failed fsync, a
 * disk fault, a commit whose outcome the journal cannot settle), writing stops: every command is
 * answered {@code 12} at once, with no store work, until a test write commits; then memory is
 * brought level with the journal and writing resumes. One thread, started by {@link #start()};
 * {@link #submit} is thread-safe.
 */
final class GroupCommit implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    private static final long PRUNE_FIRST_AFTER_MILLIS = 60_000;
    private static final long PRUNE_EVERY_MILLIS = 3_600_000;
    private static final long STOP_CHECK_MILLIS = 200;
    /** While writes are suspended, how often a test write asks whether the store is good again. */
    private static final long PROBE_EVERY_MILLIS = 1_000;

    private record Pending(Command command, CompletableFuture<Decision> reply, long queuedNanos) {
    }

    /** Not a command: the signal to catch up from the journal, queued behind what is waiting. */
    private static final Pending CATCH_UP = new Pending(null, new CompletableFuture<>(), 0);
    private static final int CATCH_UP_CHUNK = 10_000;

    private final Store store;
    private final Supplier<RegistrySnapshot> current;
    private final Consumer<RegistrySnapshot> publish;
    private final Sightings sightings;
    private final Clock clock;
    private final int maxBatch;
    private final long sightingsEveryMillis;
    private final long retentionMillis;
    private final BlockingQueue<Pending> queue;

    String node() {
        return node;
    }

    /** Commands waiting for the writer. */
    int queued() {
        return queue.size();
    }
    private final Thread thread;
    private final CommitWatchdog watchdog;
    /** The batch whose commit is under way, for the watchdog; empty between commits. */
    private volatile List<Pending> inFlight = List.of();
    private final AtomicBoolean catchUpRequested = new AtomicBoolean();
    /** This process's name in the journal's origin column. */
    private final String node = UUID.randomUUID().toString().substring(0, 8);
    private final CommitObserver observer;
    private final Function<List<Change>, List<OutboxEntry>> outbox;
    private long batches;
    private volatile boolean running = true;
    private long nextSightingsFlush;
    private long nextPrune;
    private long failingSince = -1;
    /** Why writes are suspended, or null while they are taken (written by the writer thread only). */
    private volatile String suspension;
    private long nextProbe;

    GroupCommit(Store store, Supplier<RegistrySnapshot> current, Consumer<RegistrySnapshot> publish,
            Sightings sightings, Clock clock, RegistrySettings settings, CommitObserver observer,
            Function<List<Change>, List<OutboxEntry>> outbox) {
        this.store = store;
        this.outbox = outbox;
        this.observer = observer;
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
                    if (batch.removeIf(p -> p == CATCH_UP)) {
                        catchUpRequested.set(false);
                        if (batch.isEmpty()) {
                            // A commit catches up inside its transaction; alone, read the journal.
                            catchUp();
                        }
                    }
                    process(batch);
                    batch.clear();
                }
                if (suspension != null) {
                    resumeIfGood();
                }
                if (!store.readOnly() && clock.millis() >= nextSightingsFlush) {
                    flushSightings();
                }
                if (!store.readOnly() && clock.millis() >= nextPrune) {
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
        if (!store.readOnly()) {
            flushSightings();
        }
        for (Pending p; (p = queue.poll()) != null; ) {
            if (p != CATCH_UP) {
                p.reply().complete(Decision.of(Outcome.BUSY));
            }
        }
    }

    private void process(List<Pending> batch) {
        // Commands the watchdog already answered with 12 are not decided any more: the device
        // was told the server failed, and will retry.
        batch.removeIf(p -> p.reply().isDone());
        if (batch.isEmpty()) {
            return;
        }
        if (suspension != null && !resumeIfGood()) {
            observer.failed(batch.size());
            for (Pending p : batch) {
                p.reply().complete(Decision.of(Outcome.STORAGE_FAILED));
            }
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
            if (p == CATCH_UP) {
                continue;
            }
            if (p.queuedNanos() - olderThanNanos < 0 && p.reply().complete(Decision.of(Outcome.STORAGE_FAILED))) {
                answered++;
            }
        }
        for (Pending p : queue) {
            if (p == CATCH_UP) {
                continue;
            }
            if (p.queuedNanos() - olderThanNanos < 0 && p.reply().complete(Decision.of(Outcome.STORAGE_FAILED))) {
                answered++;
            }
        }
        return answered;
    }

    private void decideAndCommit(List<Pending> batch) {
        RegistrySnapshot base = current.get();
        String origin = node + "-" + (++batches);
        Decision[] decisions = new Decision[batch.size()];
        List<Batch.Spend> spends = new ArrayList<>();
        List<Batch.Counter> counters = new ArrayList<>();
        String[] counterKeys = new String[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            Command command = batch.get(i).command();
            RequestMeta meta = command.meta();
            if (meta.nonce() != null) {
                spends.add(new Batch.Spend(meta.nonce(), meta.nonceValidUntilMillis()));
            }
            if (meta.counter() != null) {
                Batch.Counter k = new Batch.Counter(command.zone().name(), command.device().value(),
                        meta.counter().generation(), meta.counter().value());
                counters.add(k);
                counterKeys[i] = k.key();
            }
        }
        Batch decide = new Batch() {
            @Override
            public List<Batch.Spend> spends() {
                return spends;
            }

            @Override
            public List<Batch.Counter> counters() {
                return counters;
            }

            @Override
            public List<OutboxEntry> outbox(List<Change> committed) {
                return outbox.apply(committed);
            }

            @Override
            public List<Change> decide(List<Change> missed, Set<String> spent) {
                // Against the state with every other writer's commits, read under the journal
                // lock: nothing can commit between this decision and its write.
                PendingState state = new PendingState(base.apply(missed));
                for (int i = 0; i < batch.size(); i++) {
                    Command command = batch.get(i).command();
                    String nonce = command.meta().nonce();
                    boolean replayed = nonce != null && spent.contains(nonce)
                            || counterKeys[i] != null && spent.contains(counterKeys[i]);
                    decisions[i] = replayed ? Decision.of(Outcome.REPLAYED) : RegistryRules.decide(command, state);
                }
                return state.hasChanges() ? state.changes() : List.of();
            }
        };
        Committed done;
        long start = System.nanoTime();
        try {
            done = store.commit(base.position(), origin, decide);
            observer.committed(batch.size(), done.written().size(), System.nanoTime() - start);
        } catch (JournalGap e) {
            log.warn("{}", e.getMessage());
            reload();
            fail(batch, e);
            return;
        } catch (OutcomeUnknown e) {
            if (e.journalSettles()) {
                resolve(batch, decisions, origin, base.position(), e);
            } else {
                suspend(e);
                fail(batch, e);
            }
            return;
        } catch (StorageFault e) {
            suspend(e);
            fail(batch, e);
            return;
        } catch (StoreException e) {
            fail(batch, e);
            return;
        }
        storageRecovered();
        publish.accept(base.apply(done.missed()).apply(done.written()));
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).reply().complete(decisions[i]);
        }
    }

    /**
     * The connection failed during COMMIT: the journal says whether the batch was kept. Kept, the
     * devices hear what was decided; not kept, or not knowable now, they hear 12. Either way
     * memory then catches up from the journal, so it never differs from the database.
     */
    private void resolve(List<Pending> batch, Decision[] decisions, String origin, long position,
            OutcomeUnknown cause) {
        List<Change> kept;
        try {
            kept = store.written(origin, position);
        } catch (StoreException e) {
            log.warn("batch {}: commit outcome unknown and the journal unreadable; answered 12", origin);
            suspend(cause);
            fail(batch, cause);
            return;
        }
        catchUp();
        if (kept.isEmpty()) {
            fail(batch, cause);
            return;
        }
        log.info("batch {}: the connection failed during commit, but the journal holds its {} changes", origin,
                kept.size());
        storageRecovered();
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).reply().complete(decisions[i]);
        }
    }

    /**
     * Stops taking writes: what the store holds is in doubt, and a write on top of it could be
     * acknowledged and lost, or decided against a state the disk never kept.
     */
    private void suspend(StoreException cause) {
        if (suspension == null) {
            log.error("storage: {}; writes suspended: every change is answered 12 (outcome unknown, retry) until a"
                    + " test write commits", cause.getMessage());
        }
        suspension = "writes suspended since " + java.time.Instant.ofEpochMilli(clock.millis()) + ": "
                + cause.getMessage();
        nextProbe = clock.millis() + PROBE_EVERY_MILLIS;
    }

    /**
     * While suspended, at most every {@link #PROBE_EVERY_MILLIS}: a test write; if it commits,
     * memory is brought level with the journal (which may or may not hold the batch whose outcome
     * was unknown) and writes resume.
     *
     * @return whether writes are taken now
     */
    private boolean resumeIfGood() {
        if (clock.millis() < nextProbe) {
            return false;
        }
        nextProbe = clock.millis() + PROBE_EVERY_MILLIS;
        try {
            store.probe();
            applyJournal();
        } catch (JournalGap e) {
            reload();
        } catch (StoreException e) {
            log.debug("storage still failing its test write: {}", e.getMessage());
            return false;
        }
        log.warn("storage took a test write; writes resume ({})", suspension);
        suspension = null;
        failingSince = -1;
        return true;
    }

    /** Why writes are suspended, or null while they are taken. */
    String writeSuspension() {
        return suspension;
    }

    private void fail(List<Pending> batch, StoreException e) {
        storageFailed(e, batch.size());
        observer.failed(batch.size());
        for (Pending p : batch) {
            p.reply().complete(Decision.of(Outcome.STORAGE_FAILED));
        }
    }

    /** Applies what other writers committed since the published snapshot (journal tailing). */
    private void catchUp() {
        try {
            applyJournal();
        } catch (JournalGap e) {
            log.warn("{}", e.getMessage());
            reload();
        } catch (StoreException e) {
            // The database is away; the next notification or poll tries again.
            log.debug("catching up failed: {}", e.getMessage());
        }
    }

    /** Publishes every journal entry after the published snapshot's position, a chunk at a time. */
    private void applyJournal() throws StoreException {
        while (true) {
            RegistrySnapshot base = current.get();
            List<Change> entries = store.since(base.position(), CATCH_UP_CHUNK);
            if (!entries.isEmpty()) {
                publish.accept(base.apply(entries));
            }
            if (entries.size() < CATCH_UP_CHUNK) {
                return;
            }
        }
    }

    /** Replaces memory with the stored state: after a journal gap, the only way not to serve holes. */
    private void reload() {
        try {
            StoredState stored = store.load();
            publish.accept(current.get().reloaded(stored));
            log.info("reloaded {} records at journal position {}", stored.records().size(), stored.head());
        } catch (StoreException e) {
            log.warn("reload failed; will retry: {}", e.getMessage());
        }
    }

    /** Asks the writer to catch up from the journal soon (another node committed, or a poll). */
    void requestCatchUp() {
        if (catchUpRequested.compareAndSet(false, true) && !queue.offer(CATCH_UP)) {
            // The queue is full of commands, whose commits catch up anyway; ask again later.
            catchUpRequested.set(false);
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
