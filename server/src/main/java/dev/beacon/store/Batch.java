package dev.beacon.store;

import dev.beacon.record.Change;
import java.util.List;
import java.util.Set;

/**
 * The writer's side of a commit: decides, inside the store's transaction and with the journal
 * head locked, what to write, knowing every entry other writers committed since the writer's
 * snapshot and which of its requests' token nonces were already spent elsewhere. So a batch is
 * never decided against a stale state: nothing can commit between the decision and the write.
 * The batch's nonces are recorded as spent in the same transaction (one statement that also says
 * which were spent before), so a token is spent exactly when its batch commits.
 */
@FunctionalInterface
public interface Batch {

    /**
     * @param missed entries committed after the writer's position, in sequence order
     * @param spent the nonces, among those {@link #spends()} named, that an earlier commit used
     * @return the changes to write, in order; may be empty
     */
    List<Change> decide(List<Change> missed, Set<String> spent);

    /** The token nonces of the batch's requests, spent by this commit. */
    default List<Spend> spends() {
        return List.of();
    }

    /**
     * The webhook events the committed changes raise, written in the same transaction.
     *
     * @param committed the changes as written, with their sequence numbers
     */
    default List<OutboxEntry> outbox(List<Change> committed) {
        return List.of();
    }

    /**
     * The version 2 token counters of the batch's requests: each raises its device's stored
     * counter in this commit, and one that does not (not above the stored one) is reported by its
     * {@link Counter#key()} in {@code spent}.
     */
    default List<Counter> counters() {
        return List.of();
    }

    /** A device's token counter, to be raised by this commit. */
    record Counter(String zone, String device, long generation, long value) {

        /** How {@code spent} names a counter that did not advance. */
        public String key() {
            return "v2 " + zone + " " + device + " " + generation + " " + value;
        }
    }

    /** A token nonce spent by a committed change, remembered until its token would expire anyway. */
    record Spend(String nonce, long expiresAtMillis) {
    }
}
