package dev.beacon.update;

import java.util.List;

/**
 * One record of an update's prerequisite or update section (RFC 2136 §2.4, §2.5): its class says
 * what it asks (IN: this data; ANY: any data, or a whole RRset or name; NONE: no such data).
 * Immutable.
 *
 * @param owner the owner's labels under the zone apex, leftmost first (empty: the apex)
 * @param type its type number
 * @param rrClass its class number
 * @param ttl its TTL
 * @param data its data, or null when it had none (RDLENGTH 0)
 */
record UpdateRr(List<String> owner, int type, int rrClass, long ttl, RData data) {

    static final int IN = 1;
    static final int NONE = 254;
    static final int ANY = 255;

    public UpdateRr {
        owner = List.copyOf(owner);
    }

    /** The owner as text, relative to the apex ({@code _acme-challenge.cam1}; {@code @} for the apex). */
    String ownerText() {
        return owner.isEmpty() ? "@" : String.join(".", owner);
    }
}
