package dev.beacon.checkpoint;

import dev.beacon.registry.RegistrySnapshot;
import dev.beacon.store.Store;
import dev.beacon.store.StoreException;
import java.io.IOException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the checkpoint file close to the registry: {@link #checkpoint()} writes the current
 * state when it moved since the last write (called periodically), and {@link #close()} once more
 * after the writer stopped, so a clean stop leaves nothing to replay. Snapshots are immutable,
 * so writing never holds up readers or the writer. Failures are logged: the next start then
 * replays more, or reads every record, and is no less correct.
 */
public final class Checkpointer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);

    private final CheckpointFile file;
    private final Store store;
    private final Supplier<RegistrySnapshot> state;
    private long written;

    /**
     * @param state the registry's current state; null while there is none
     * @param writtenAt the position the file already holds (when the start was at it), else -1
     */
    public Checkpointer(CheckpointFile file, Store store, Supplier<RegistrySnapshot> state, long writtenAt) {
        this.file = file;
        this.store = store;
        this.state = state;
        this.written = writtenAt;
    }

    /** Writes the registry's state when it is at a journal position the file does not hold yet. */
    public synchronized void checkpoint() {
        RegistrySnapshot snapshot = state.get();
        if (snapshot == null) {
            return;
        }
        long at = snapshot.position();
        if (at == written || at <= 0) {
            return;
        }
        try {
            String stamp = store.journalStamp(at);
            if (stamp == null) {
                // Pruned: a later position will do (a start without the file reads every record).
                log.info("no checkpoint at journal position {}: the entry is no longer in the journal", at);
                return;
            }
            long started = System.nanoTime();
            file.write(snapshot, stamp);
            written = at;
            log.info("checkpoint: {} names at journal position {} written to {} in {} ms", snapshot.size(), at,
                    file.path(), (System.nanoTime() - started) / 1_000_000);
        } catch (IOException | StoreException e) {
            log.warn("cannot write the checkpoint {}: {}", file.path(), e.getMessage());
        }
    }

    /** The position the file holds, as far as this process knows (-1 when it wrote none). */
    public synchronized long writtenAt() {
        return written;
    }

    @Override
    public void close() {
        checkpoint();
    }
}
