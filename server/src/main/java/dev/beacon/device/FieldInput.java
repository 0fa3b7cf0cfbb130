package dev.beacon.device;

import dev.beacon.zone.FieldSpec;
import dev.beacon.zone.Zone;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the zone's custom fields from a request. Fields not sent are left as stored; a field that
 * fails its type or bounds, or is sent twice, names itself in the reply ({@code 05|port}).
 */
final class FieldInput {

    /** Either the normalised values, or the name of the first field that failed. */
    record Result(Map<String, String> values, String invalid) {
    }

    private FieldInput() {
    }

    static Result parse(Params params, Zone zone) {
        if (zone.fields().isEmpty()) {
            return new Result(Map.of(), null);
        }
        Map<String, String> values = new HashMap<>();
        for (FieldSpec spec : zone.fields().values()) {
            Params.Field field = params.field(spec.name());
            if (field instanceof Params.Field.Duplicate) {
                return new Result(null, spec.name());
            }
            if (field instanceof Params.Field.Value v) {
                String normal = spec.normalise(v.text());
                if (normal == null) {
                    return new Result(null, spec.name());
                }
                values.put(spec.name(), normal);
            }
        }
        return new Result(values, null);
    }
}
