package dev.beacon.transfer;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * What a transfer answer sends, one item at a time; an item writes one or more records. An item
 * that does not fit the message is written again, whole, at the start of the next one. Not
 * thread-safe.
 */
interface RecordSource {

    /** Whether an item is left to write. */
    boolean hasCurrent();

    /**
     * Writes the current item's records at the writer index, owners compressed against the
     * question's name (offset 12 of the message starting at {@code base}).
     *
     * @return how many records it wrote
     */
    int writeCurrent(ByteBuf out, int base);

    /** Moves past the current item. */
    void advance();

    /** Records prepared in advance (an IXFR's difference, the catalog), one item each. */
    static RecordSource of(List<ZoneRr> records) {
        return new RecordSource() {
            private int next;

            @Override
            public boolean hasCurrent() {
                return next < records.size();
            }

            @Override
            public int writeCurrent(ByteBuf out, int base) {
                records.get(next).write(out);
                return 1;
            }

            @Override
            public void advance() {
                next++;
            }
        };
    }
}
