package dev.beacon.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.record.Addresses;
import dev.beacon.record.RequestMeta;
import dev.beacon.record.TxtChange;
import dev.beacon.record.TxtLimits;
import dev.beacon.store.JdbcStore;
import dev.beacon.store.StoreSettings;
import dev.beacon.testing.MutableClock;
import dev.beacon.token.DeviceId;
import dev.beacon.zone.TtlBounds;
import dev.beacon.zone.Zone;
import dev.beacon.zone.ZonePolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TXT expiry sweep on a real registry and SQLite file, the clock moved by hand: a zone whose
 * {@code txt-ttl} is 0 keeps its values for ever, beside one whose values leave after an hour.
 */
class TxtExpirySweepIT {

    private static final long START = 1_800_000_000_000L;

    @TempDir
    Path dir;
    JdbcStore store;
    Registry registry;
    final MutableClock clock = new MutableClock(START);
    final Zone forever = zone("forever.test", 0);
    final Zone hourly = zone("hourly.test", 3600);

    private static Zone zone(String name, long txtTtl) {
        ZonePolicy d = ZonePolicy.defaults();
        return Zone.of(name, new ZonePolicy(d.publicOnly(), d.allowStaticTokens(), d.maxNamesPerDevice(),
                d.reservedLabels(), d.operatorTokens(), d.txt(), d.tokenVersions(), d.reservedPatterns(),
                d.staticHttpsOnly(), TtlBounds.defaults(), txtTtl), Map.of(), List.of());
    }

    @BeforeEach
    void open() throws Exception {
        store = JdbcStore.connect(StoreSettings.of("jdbc:sqlite:" + dir.resolve("beacon.db")));
        store.open(List.of(forever.name(), hourly.name()));
        registry = new Registry(RegistrySnapshot.load(List.of(forever, hourly), store.load()), store, clock,
                RegistrySettings.defaults());
        for (Zone z : List.of(forever, hourly)) {
            Decision added = registry.apply(new Command.Add(z, DeviceId.parse("SN-" + z.name()), "cam1", Addresses.NONE,
                    Map.of(), new TxtChange(List.of("challenge"), false, TxtLimits.defaults()),
                    new RequestMeta("", "192.0.2.1", START), Command.AtLimit.REFUSE)).get();
            assertThat(added.outcome()).isEqualTo(Outcome.CREATED);
        }
    }

    @AfterEach
    void close() {
        registry.close();
        store.close();
    }

    private List<String> txt(Zone z) {
        return registry.snapshot().zone(z.name()).record("cam1").txt();
    }

    @Test
    void aZoneWithTxtTtlZeroKeepsItsValuesWhileTheOtherZonesLeave() throws Exception {
        clock.advanceSeconds(Duration.ofDays(30).toSeconds());

        int swept = new TxtExpiry(registry, clock).sweep();

        assertThat(swept).as("names with values that old").isEqualTo(1);
        awaitTxtGone(hourly);
        assertThat(txt(forever)).containsExactly("challenge");
    }

    @Test
    void aZoneWithTxtTtlZeroAsksForNoSweepOfItsOwn() {
        assertThat(TxtExpiry.interval(List.of(forever))).isEqualTo(Duration.ofSeconds(60));
        assertThat(TxtExpiry.interval(List.of(forever, zone("short.test", 10)))).isEqualTo(Duration.ofSeconds(5));
    }

    private void awaitTxtGone(Zone z) throws InterruptedException {
        for (int i = 0; i < 200 && !txt(z).isEmpty(); i++) {
            Thread.sleep(25);
        }
        assertThat(txt(z)).isEmpty();
    }
}
