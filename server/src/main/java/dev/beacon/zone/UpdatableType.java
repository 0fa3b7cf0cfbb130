package dev.beacon.zone;

import dev.beacon.record.ExtraRecord;
import java.util.Locale;

/**
 * The record types an RFC 2136 update may change at a device's name, with where each lives: at
 * the name itself, at {@code _acme-challenge.} the name (TXT, which is the same set as the name's
 * own), or at {@code _service._proto.} the name (SRV, TLSA).
 */
public enum UpdatableType {
    A(1, null), CNAME(5, ExtraRecord.Kind.CNAME), MX(15, ExtraRecord.Kind.MX), TXT(16, null), AAAA(28, null),
    SRV(33, ExtraRecord.Kind.SRV), TLSA(52, ExtraRecord.Kind.TLSA);

    private final int wireType;
    private final ExtraRecord.Kind kind;

    UpdatableType(int wireType, ExtraRecord.Kind kind) {
        this.wireType = wireType;
        this.kind = kind;
    }

    public int wireType() {
        return wireType;
    }

    /** The kind of record a name keeps for it, or null for the addresses and TXT values it keeps apart. */
    public ExtraRecord.Kind kind() {
        return kind;
    }

    /** The type of that number, or null when an update cannot change it. */
    public static UpdatableType ofWire(int type) {
        for (UpdatableType t : values()) {
            if (t.wireType == type) {
                return t;
            }
        }
        return null;
    }

    /** The type of that mnemonic ({@code aaaa}, {@code TXT}), or null. */
    public static UpdatableType named(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Whether it can live at an owner of {@code labels} labels under the apex, whose first is
     * {@code first}: the name's own types at one label, TXT at {@code _acme-challenge.NAME}, SRV
     * and TLSA at two underscored labels over the name.
     */
    public boolean livesAt(int labels, String first) {
        return switch (labels) {
            case 1 -> this == A || this == AAAA || this == TXT || this == CNAME || this == MX;
            case 2 -> this == TXT && first.equals("_acme-challenge");
            case 3 -> this == SRV || this == TLSA;
            default -> false;
        };
    }
}
