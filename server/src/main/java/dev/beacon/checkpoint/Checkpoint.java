package dev.beacon.checkpoint;

import dev.beacon.record.NameRecord;
import java.util.List;
import java.util.Set;

/**
 * The registry's records as of one journal position, as a checkpoint file holds them.
 *
 * @param position the journal position the records are the state at
 * @param stamp the stamp of the journal entry at {@code position} when the file was written, so a
 *     restored or different database is recognised ({@link dev.beacon.store.Store#journalStamp})
 * @param zones the zones the file covers (each with all its records, maybe none)
 * @param records every record of those zones, zone after zone
 */
public record Checkpoint(long position, String stamp, Set<String> zones, List<NameRecord> records) {

    public Checkpoint {
        zones = Set.copyOf(zones);
    }
}
