package dev.beacon.transfer;

import dev.beacon.record.NameRecord;
import dev.beacon.registry.ZoneState;
import dev.beacon.zone.Zone;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A whole zone as AXFR sends it (RFC 5936 §2.2): the SOA, the apex records, every device
 * name's records, the SOA again; read lazily from one immutable zone state, so the zone is
 * consistent at one serial however long the transfer takes. Each device name is one item.
 */
final class AxfrRecords implements RecordSource {

    private final Zone zone;
    private final Iterator<NameRecord> names;
    /** The SOA, then the apex NS records and glue. */
    private final List<ZoneRr> apex = new ArrayList<>();
    private int apexNext;
    private NameRecord name;
    private boolean closed;

    AxfrRecords(ZoneState state) {
        this.zone = state.zone();
        this.names = state.records();
        apex.add(ZoneRrs.soa(zone, state.lastSeq()));
        apex.addAll(ZoneRrs.apex(zone));
    }

    @Override
    public boolean hasCurrent() {
        return !closed;
    }

    @Override
    public int writeCurrent(ByteBuf out, int base) {
        if (apexNext < apex.size()) {
            apex.get(apexNext).write(out);
            return 1;
        }
        if (name != null) {
            return DeviceRecords.write(name, name.ttlOr(zone.ttl()), out, base);
        }
        apex.get(0).write(out);
        return 1;
    }

    @Override
    public void advance() {
        if (apexNext < apex.size()) {
            apexNext++;
            if (apexNext == apex.size()) {
                name = names.hasNext() ? names.next() : null;
            }
        } else if (name != null) {
            name = names.hasNext() ? names.next() : null;
        } else {
            closed = true;
        }
    }
}
