package dev.beacon.device;

import java.util.HashMap;
import java.util.Map;

/**
 * A request's decoded fields. A name sent twice is remembered as ambiguous rather than resolved
 * silently, because which copy a device meant cannot be known. Built by one thread, then read-only.
 */
public final class Params {

    /** A field as sent: absent, once, or more than once. */
    public sealed interface Field {
        /** The field was not sent. */
        record Absent() implements Field {
        }

        /** The field was sent once with this (decoded) value. */
        record Value(String text) implements Field {
        }

        /** The field was sent more than once. */
        record Duplicate() implements Field {
        }
    }

    private static final Field ABSENT = new Field.Absent();
    private static final Field DUPLICATE = new Field.Duplicate();

    private final Map<String, Field> fields = new HashMap<>();

    /** Adds a decoded name and value; names are case-sensitive, as in every DDNS protocol. */
    public Params add(String name, String value) {
        fields.merge(name, new Field.Value(value), (a, b) -> DUPLICATE);
        return this;
    }

    public Field field(String name) {
        return fields.getOrDefault(name, ABSENT);
    }

    /** Every field name sent, in no particular order. */
    public java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(fields.keySet());
    }

    /** The value of a field sent exactly once, else null. */
    public String single(String name) {
        return fields.get(name) instanceof Field.Value v ? v.text() : null;
    }
}
