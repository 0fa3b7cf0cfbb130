package dev.beacon.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.ip.IpLiteral;
import dev.beacon.record.Addresses;
import dev.beacon.record.Change;
import dev.beacon.record.NameRecord;
import dev.beacon.token.DeviceId;
import dev.beacon.zone.Zone;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The zone's devices-per-User-Agent counts, kept change by change, always equal a count from scratch. */
class ZoneStateAgentsTest {

    private static final Zone ZONE = Zone.of("ddns.test", dev.beacon.zone.ZonePolicy.defaults(), Map.of(), List.of());
    private static final List<String> AGENTS = List.of("Acme - Cam - 1.0", "Acme - Cam - 1.1", "Other - DVR - 2");

    @Test
    void countsKeptChangeByChangeEqualACountFromScratch() {
        for (long seed = 0; seed < 50; seed++) {
            Random random = new Random(seed);
            ZoneState state = ZoneState.empty(ZONE, 0);
            for (int step = 1; step <= 300; step++) {
                String label = "n" + random.nextInt(12);
                NameRecord before = state.record(label);
                NameRecord after = random.nextInt(5) == 0 ? null
                        : record(label, "SN-" + random.nextInt(6), AGENTS.get(random.nextInt(AGENTS.size())), step);
                if (before == null && after == null) {
                    continue;
                }
                state = state.apply(new Change(step, "ddns.test", label, before, after, step));
                assertThat(counts(state)).as("seed %d step %d", seed, step).isEqualTo(fromScratch(state));
            }
        }
    }

    @Test
    void loadingCountsEachDeviceOnceByItsLatestName() {
        ZoneState.Loader loader = new ZoneState.Loader(ZONE, 0);
        loader.add(record("b", "SN-1", "Acme - Cam - 1.1", 20));
        loader.add(record("c", "SN-2", "Acme - Cam - 1.0", 5));
        loader.add(record("a", "SN-1", "Acme - Cam - 1.0", 10));
        ZoneState state = loader.build();

        assertThat(counts(state)).isEqualTo(Map.of("Acme - Cam - 1.1", 1L, "Acme - Cam - 1.0", 1L));
    }

    private static Map<String, Long> counts(ZoneState state) {
        Map<String, Long> out = new HashMap<>();
        state.forEachAgent(out::put);
        return out;
    }

    private static Map<String, Long> fromScratch(ZoneState state) {
        Map<String, Long> out = new HashMap<>();
        state.forEachDevice((device, labels) -> {
            NameRecord latest = null;
            for (String label : labels) {
                NameRecord r = state.record(label);
                if (latest == null || r.updatedMillis() > latest.updatedMillis()) {
                    latest = r;
                }
            }
            out.merge(latest.userAgent(), 1L, Long::sum);
        });
        return out;
    }

    private static NameRecord record(String label, String device, String agent, long at) {
        return new NameRecord("ddns.test", label, DeviceId.parse(device), Addresses.of(IpLiteral.parse("192.0.2.1")),
                Map.of(), List.of(), agent, "192.0.2.9", at, at, 0);
    }
}
