package dev.beacon.store;

import dev.beacon.record.DeviceMark;
import dev.beacon.record.NameRecord;
import java.util.List;
import java.util.Map;

/**
 * What a store holds at start-up.
 *
 * @param records every record, in storage order (the registry orders each device's names itself)
 * @param lastSeqs each zone's last journal sequence number
 * @param head the journal head these records are the state at: tailing continues after it
 * @param blocks the devices operators blocked, by zone
 */
public record StoredState(List<NameRecord> records, Map<String, Long> lastSeqs, long head, List<Block> blocks) {

    /** A device's mark as stored: blocked (since when), its generation floor, or its static secret. */
    public record Block(String zone, DeviceMark mark, long sinceMillis) {
    }

    public StoredState {
        records = List.copyOf(records);
        lastSeqs = Map.copyOf(lastSeqs);
        blocks = List.copyOf(blocks);
    }

    public StoredState(List<NameRecord> records, Map<String, Long> lastSeqs, long head) {
        this(records, lastSeqs, head, List.of());
    }
}
