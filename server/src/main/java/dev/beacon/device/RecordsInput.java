package dev.beacon.device;

import dev.beacon.record.ExtraRecord;
import dev.beacon.record.RecordsChange;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code cname} (one host name), {@code mx}, {@code srv} and {@code tlsa} (up to four each,
 * separated by commas; forms in {@link ExtraRecord#parse}) of a request: the records the names it
 * changes keep of each type; empty removes the type. A malformed value, a field sent twice, or a
 * CNAME beside an address given in {@code myip} or an MX in the same request (a CNAME stands alone
 * at its name) is {@code 05|} and the field's name.
 */
public final class RecordsInput {

    /**
     * @param change what the request sets, when valid
     * @param invalid the field to name in {@code 05|field}, or null
     */
    public record Result(RecordsChange change, String invalid) {
    }

    private static final ExtraRecord.Kind[] KINDS = ExtraRecord.Kind.values();
    private static final Result NONE = new Result(RecordsChange.NONE, null);

    private RecordsInput() {
    }

    public static Result parse(Params params) {
        Map<ExtraRecord.Kind, List<ExtraRecord>> replaced = null;
        for (ExtraRecord.Kind kind : KINDS) {
            Params.Field field = params.field(kind.parameter());
            if (field instanceof Params.Field.Absent) {
                continue;
            }
            if (replaced == null) {
                replaced = new EnumMap<>(ExtraRecord.Kind.class);
            }
            if (!(field instanceof Params.Field.Value v)) {
                return new Result(null, kind.parameter());
            }
            List<ExtraRecord> records = new ArrayList<>();
            if (!v.text().isBlank()) {
                String[] items = v.text().split(",", -1);
                if (items.length > (kind == ExtraRecord.Kind.CNAME ? 1 : ExtraRecord.MAX_PER_KIND)) {
                    return new Result(null, kind.parameter());
                }
                for (String item : items) {
                    ExtraRecord r = ExtraRecord.parse(kind, item);
                    if (r == null || records.contains(r)) {
                        return new Result(null, kind.parameter());
                    }
                    records.add(r);
                }
            }
            replaced.put(kind, records);
        }
        if (replaced == null) {
            // Nearly every request: an address update that sets no record type.
            return NONE;
        }
        List<ExtraRecord> cname = replaced.get(ExtraRecord.Kind.CNAME);
        if (cname != null && !cname.isEmpty()) {
            List<ExtraRecord> mx = replaced.get(ExtraRecord.Kind.MX);
            boolean explicitAddress = params.field("myip") instanceof Params.Field.Value v && !v.text().isBlank();
            if (explicitAddress || mx != null && !mx.isEmpty()) {
                return new Result(null, ExtraRecord.Kind.CNAME.parameter());
            }
        }
        return new Result(new RecordsChange(replaced), null);
    }
}
