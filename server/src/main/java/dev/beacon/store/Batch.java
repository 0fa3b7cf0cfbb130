package dev.beacon.store;

import dev.beacon.record.Change;
import java.util.List;
import java.util.Set;

/**
 * The writer's side of a commit: decides, inside the store's transaction and with the journal
 * head locked, what to write, knowing every entry other writers committed since the writer's
 * snapshot and which of its requests' token nonces were already spent elsewhere. So a batch is
 * never decided against a stale state: nothing can commit between the decision and the write.
 */
@FunctionalInterface
public interface Batch {

    /**
     * @param missed entries committed after the writer's position, in sequence order
     * @param spent the nonces, among those {@link #nonces()} named, that committed changes already used
     * @return the changes to write, and the nonces they spend
     */
    Decided decide(List<Change> missed, Set<String> spent);

    /** The token nonces of the batch's requests, to look up as {@code spent}. */
    default Set<String> nonces() {
        return Set.of();
    }

    /**
     * What to write.
     *
     * @param changes in order; may be empty
     * @param spends the nonces used by requests that changed something, each valid until its time
     */
    record Decided(List<Change> changes, List<Spend> spends) {
        public Decided {
            changes = List.copyOf(changes);
            spends = List.copyOf(spends);
        }
    }

    /** A token nonce spent by a committed change, remembered until its token would expire anyway. */
    record Spend(String nonce, long expiresAtMillis) {
    }
}
