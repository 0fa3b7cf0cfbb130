package dev.beacon.transfer;

import dev.beacon.record.NameRecord;
import dev.beacon.registry.ZoneState;
import dev.beacon.zone.Zone;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A whole zone as AXFR sends it (RFC 5936 §2.2): the SOA, the apex records, every device
 * name's records, the SOA again; read lazily from one immutable zone state, so the zone is
 * consistent at one serial however long the transfer takes.
 */
final class AxfrRecords implements Iterator<ZoneRr> {

    private final Zone zone;
    private final Iterator<NameRecord> names;
    private final ArrayDeque<ZoneRr> queue = new ArrayDeque<>();
    private ZoneRr closingSoa;

    AxfrRecords(ZoneState state) {
        this.zone = state.zone();
        this.names = state.records();
        ZoneRr soa = ZoneRrs.soa(zone, state.lastSeq());
        queue.add(soa);
        queue.addAll(ZoneRrs.apex(zone));
        this.closingSoa = soa;
    }

    @Override
    public boolean hasNext() {
        fill();
        return !queue.isEmpty();
    }

    @Override
    public ZoneRr next() {
        fill();
        ZoneRr next = queue.poll();
        if (next == null) {
            throw new NoSuchElementException();
        }
        return next;
    }

    private void fill() {
        while (queue.isEmpty() && names.hasNext()) {
            queue.addAll(ZoneRrs.of(names.next(), zone));
        }
        if (queue.isEmpty() && closingSoa != null) {
            queue.add(closingSoa);
            closingSoa = null;
        }
    }
}
