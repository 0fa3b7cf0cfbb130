package dev.beacon.record;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The record types a request sets on the names it changes: for each type it names, the records
 * of that type the names keep from now on (none: the type is removed); types it does not name
 * stay as they are.
 */
public record RecordsChange(Map<ExtraRecord.Kind, List<ExtraRecord>> replaced) {

    public static final RecordsChange NONE = new RecordsChange(Map.of());

    public RecordsChange {
        Map<ExtraRecord.Kind, List<ExtraRecord>> copy = new EnumMap<>(ExtraRecord.Kind.class);
        replaced.forEach((kind, records) -> {
            if (records.stream().anyMatch(r -> r.kind() != kind)) {
                throw new IllegalArgumentException("a " + kind + " change holding another type");
            }
            if (kind == ExtraRecord.Kind.CNAME && records.size() > 1 || records.size() > ExtraRecord.MAX_PER_KIND) {
                throw new IllegalArgumentException("too many " + kind + " records");
            }
            copy.put(kind, List.copyOf(records));
        });
        replaced = java.util.Collections.unmodifiableMap(copy);
    }

    public boolean isNone() {
        return replaced.isEmpty();
    }

    /** The records after the change, by type in {@link ExtraRecord.Kind} order. */
    List<ExtraRecord> apply(List<ExtraRecord> current) {
        if (replaced.isEmpty()) {
            return current;
        }
        List<ExtraRecord> next = new ArrayList<>();
        for (ExtraRecord.Kind kind : ExtraRecord.Kind.values()) {
            List<ExtraRecord> given = replaced.get(kind);
            if (given != null) {
                next.addAll(given);
            } else {
                current.stream().filter(r -> r.kind() == kind).forEach(next::add);
            }
        }
        return next;
    }
}
