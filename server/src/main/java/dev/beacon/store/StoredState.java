package dev.beacon.store;

import dev.beacon.record.NameRecord;
import java.util.List;
import java.util.Map;

/**
 * What a store holds at start-up.
 *
 * @param records every record, oldest first
 * @param lastSeqs each zone's last journal sequence number
 * @param head the journal head these records are the state at: tailing continues after it
 */
public record StoredState(List<NameRecord> records, Map<String, Long> lastSeqs, long head) {

    public StoredState {
        records = List.copyOf(records);
        lastSeqs = Map.copyOf(lastSeqs);
    }
}
