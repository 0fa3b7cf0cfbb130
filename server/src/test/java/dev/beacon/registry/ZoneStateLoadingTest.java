package dev.beacon.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.ip.IpLiteral;
import dev.beacon.record.Addresses;
import dev.beacon.record.Change;
import dev.beacon.record.NameRecord;
import dev.beacon.token.DeviceId;
import dev.beacon.zone.Zone;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A zone loaded in one go from stored records is the zone those records make change by change. */
class ZoneStateLoadingTest {

    private static final Zone ZONE = Zone.of("ddns.test", dev.beacon.zone.ZonePolicy.defaults(), Map.of(), List.of());
    private static final List<String> AGENTS = List.of("Acme - Cam - 1.0", "Acme - Cam - 1.1", "");

    @Test
    void loadingInAnyOrderGivesTheStateTheRecordsMakeAppliedOldestFirst() {
        for (long seed = 0; seed < 40; seed++) {
            Random random = new Random(seed);
            List<NameRecord> stored = new ArrayList<>();
            int names = random.nextInt(60);
            for (int i = 0; i < names; i++) {
                long created = random.nextInt(20);
                stored.add(record("n" + i, "SN-" + random.nextInt(12), AGENTS.get(random.nextInt(AGENTS.size())),
                        created, created + random.nextInt(5)));
            }
            Collections.shuffle(stored, random);
            ZoneState.Loader loader = new ZoneState.Loader(ZONE, 7);
            stored.forEach(loader::add);
            ZoneState loaded = loader.build();

            List<NameRecord> oldestFirst = new ArrayList<>(stored);
            oldestFirst.sort(Comparator.comparingLong(NameRecord::createdMillis).thenComparing(NameRecord::label));
            ZoneState applied = ZoneState.empty(ZONE, 7);
            for (NameRecord r : oldestFirst) {
                applied = applied.apply(new Change(0, "ddns.test", r.label(), null, r, r.updatedMillis()));
            }

            assertThat(loaded.size()).as("seed %d", seed).isEqualTo(applied.size());
            assertThat(loaded.deviceCount()).isEqualTo(applied.deviceCount());
            assertThat(loaded.lastSeq()).isEqualTo(7);
            for (NameRecord r : stored) {
                assertThat(loaded.record(r.label())).isEqualTo(r);
            }
            for (int d = 0; d < 12; d++) {
                DeviceId device = DeviceId.parse("SN-" + d);
                assertThat(loaded.labelsOf(device)).as("seed %d device %d", seed, d).isEqualTo(applied.labelsOf(device));
            }
            assertThat(agents(loaded)).isEqualTo(agents(applied));
        }
    }

    @Test
    void aDevicesNamesAreListedOldestFirstWhateverOrderTheyWereStoredIn() {
        ZoneState.Loader loader = new ZoneState.Loader(ZONE, 0);
        loader.add(record("late", "SN-1", "", 30, 30));
        loader.add(record("early", "SN-1", "", 10, 10));
        loader.add(record("tie-b", "SN-1", "", 20, 20));
        loader.add(record("tie-a", "SN-1", "", 20, 20));

        assertThat(loader.build().labelsOf(DeviceId.parse("SN-1"))).containsExactly("early", "tie-a", "tie-b", "late");
    }

    @Test
    void ofTwoRecordsForOneLabelTheLaterCountsInTheNamesAndTheDevicesIndex() {
        ZoneState.Loader loader = new ZoneState.Loader(ZONE, 0);
        loader.add(record("cam", "SN-1", "old agent", 1, 1));
        loader.add(record("other", "SN-3", "", 1, 1));
        loader.add(record("cam", "SN-2", "new agent", 2, 2));
        ZoneState state = loader.build();

        assertThat(state.record("cam").device()).isEqualTo(DeviceId.parse("SN-2"));
        assertThat(state.labelsOf(DeviceId.parse("SN-1"))).isEmpty();
        assertThat(state.labelsOf(DeviceId.parse("SN-2"))).containsExactly("cam");
        assertThat(state.deviceCount()).isEqualTo(2);
        assertThat(agents(state)).containsOnly(Map.entry("new agent", 1L), Map.entry("", 1L));
    }

    @Test
    void aLoadedZoneTakesChangesLikeAnyOther() {
        ZoneState.Loader loader = new ZoneState.Loader(ZONE, 0);
        loader.add(record("a", "SN-1", "", 1, 1));
        loader.add(record("b", "SN-2", "", 2, 2));
        ZoneState state = loader.build();
        NameRecord moved = record("a", "SN-2", "", 1, 3);

        state = state.apply(new Change(3, "ddns.test", "a", state.record("a"), moved, 3));

        assertThat(state.labelsOf(DeviceId.parse("SN-1"))).isEmpty();
        assertThat(state.labelsOf(DeviceId.parse("SN-2"))).containsExactly("b", "a");
        assertThat(state.deviceCount()).isEqualTo(1);
        assertThat(state.lastSeq()).isEqualTo(3);
    }

    private static Map<String, Long> agents(ZoneState state) {
        Map<String, Long> out = new HashMap<>();
        state.forEachAgent(out::put);
        return out;
    }

    private static NameRecord record(String label, String device, String agent, long created, long updated) {
        return new NameRecord("ddns.test", label, DeviceId.parse(device), Addresses.of(IpLiteral.parse("192.0.2.1")),
                Map.of(), List.of(), agent, "192.0.2.9", created, updated, 0);
    }
}
