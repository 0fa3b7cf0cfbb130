package dev.beacon.store;

import dev.beacon.record.Change;
import java.util.List;
import java.util.Map;

/**
 * What a store holds at start-up besides the records, after a journal position a checkpoint
 * was taken at (see {@link Store#loadAfter}).
 *
 * @param stamp the stamp of the journal entry at that position ({@link Store#journalStamp}), or
 *     null when the journal has none there
 * @param entries the journal entries after that position through {@code head}, in order; empty
 *     when there are none or more than were asked for
 * @param lastSeqs each zone's last journal sequence number
 * @param head the journal head
 * @param blocks the device marks as of the head: blocks, static secrets, generation floors
 */
public record StoredTail(String stamp, List<Change> entries, Map<String, Long> lastSeqs, long head,
        List<StoredState.Block> blocks) {

    public StoredTail {
        entries = List.copyOf(entries);
        lastSeqs = Map.copyOf(lastSeqs);
        blocks = List.copyOf(blocks);
    }
}
