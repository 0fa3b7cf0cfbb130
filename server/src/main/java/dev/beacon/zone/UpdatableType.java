package dev.beacon.zone;

import java.util.Locale;

/**
 * The record types an RFC 2136 update may change at a device's name, with where each lives: at
 * the name itself, at {@code _acme-challenge.} the name (TXT, which is the same set as the name's
 * own), or at {@code _service._proto.} the name (SRV, TLSA).
 */
public enum UpdatableType {
    A(1), CNAME(5), MX(15), TXT(16), AAAA(28), SRV(33), TLSA(52);

    private final int wireType;

    UpdatableType(int wireType) {
        this.wireType = wireType;
    }

    public int wireType() {
        return wireType;
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
