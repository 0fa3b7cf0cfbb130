package dev.beacon.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beacon.ip.IpLiteral;
import dev.beacon.record.Addresses;
import dev.beacon.record.Change;
import dev.beacon.record.ExtraRecord;
import dev.beacon.record.InterfaceId;
import dev.beacon.record.NameExtras;
import dev.beacon.record.NameRecord;
import dev.beacon.record.StringPool;
import dev.beacon.token.DeviceId;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Store} must do, run against each real database (SQLite file, PostgreSQL).
 * Subclasses give a fresh, empty database URL per test.
 */
abstract class StoreContract {

    static final DeviceId CAM = DeviceId.parse("E0:46:9A:B8:1B:FC");
    static final DeviceId OTHER = DeviceId.parse("SN-2");

    Store store;

    /** A JDBC URL of an empty database, different for every test. */
    abstract String freshUrl() throws Exception;

    /** The URL of the current test's database. */
    abstract String currentUrl();

    @BeforeEach
    void open() throws Exception {
        store = JdbcStore.connect(StoreSettings.of(freshUrl()));
        store.open(List.of("ddns.test", "other.test"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void newStoreIsEmpty() throws Exception {
        StoredState s = store.load();
        assertThat(s.records()).isEmpty();
        assertThat(s.lastSeqs()).containsEntry("ddns.test", 0L).containsEntry("other.test", 0L);
    }

    @Test
    void openingTwiceMigratesOnce() throws Exception {
        store.open(List.of("ddns.test", "third.test"));
        assertThat(store.load().lastSeqs()).containsKeys("ddns.test", "other.test", "third.test");
    }

    @Test
    void commitAssignsContiguousRisingSequenceNumbers() throws Exception {
        List<Change> first = store.commit(List.of(create("cam1", CAM, "1.2.3.4"), create("cam2", OTHER, "1.2.3.5")));
        List<Change> second = store.commit(List.of(create("cam3", DeviceId.parse("SN-3"), "1.2.3.6")));
        assertThat(first).extracting(Change::seq).containsExactly(1L, 2L);
        assertThat(second).extracting(Change::seq).containsExactly(3L);
        assertThat(first.get(0).after().seq()).isEqualTo(1L);
    }

    @Test
    void committedRecordsLoadWithAllTheirData() throws Exception {
        NameRecord r = record("cam1", CAM, "1.2.3.4").withSeq(0);
        NameRecord full = new NameRecord(r.zone(), r.label(), r.device(),
                r.addresses().merge(Addresses.of(IpLiteral.parse("2001:db8::1"))), Map.of("port", "8080", "fw", "1.0 β"),
                List.of("acme-challenge-value", "second"), "Acme - Cam - 1.0", "198.51.100.1", 1000, 2000, 0);
        store.commit(List.of(Change.pending("ddns.test", "cam1", null, full, 2000)));
        NameRecord loaded = store.load().records().get(0);
        assertThat(loaded).isEqualTo(full.withSeq(1));
    }

    @Test
    void anInterfaceIdATtlAndMxRecordsAreStoredJournalledAndLoadedWithTheirName() throws Exception {
        NameRecord r = record("host1", CAM, "1.2.3.4");
        NameRecord host = new NameRecord(r.zone(), r.label(), r.device(),
                r.addresses().merge(Addresses.of(IpLiteral.parse("2001:db8:1:2::5"))),
                NameExtras.of(InterfaceId.parse("::5/56"), 300, List.of(ExtraRecord.parse(ExtraRecord.Kind.MX, "10 mail.example.com"))),
                Map.of(), List.of(), "Acme - Router - 1.0", "198.51.100.1", 1000, 2000, 0);
        NameRecord held = store.commit(List.of(Change.pending("ddns.test", "host1", null, host, 2000))).get(0).after();
        NameRecord cleared = new NameRecord(r.zone(), r.label(), r.device(), host.addresses(), null, Map.of(),
                List.of(), "Acme - Router - 1.0", "198.51.100.1", 1000, 3000, 0);
        store.commit(List.of(Change.pending("ddns.test", "host1", held, cleared, 3000)));

        assertThat(store.journal(0, 10)).extracting(c -> c.after().interfaceId() == null ? null : c.after().interfaceId().text())
                .containsExactly("::5/56", null);
        assertThat(store.journal(0, 10)).extracting(c -> c.after().ttl()).containsExactly(300, 0);
        assertThat(store.journal(0, 10).get(1).before().interfaceId()).isEqualTo(InterfaceId.parse("::5/56"));
        assertThat(store.load().records()).singleElement().isEqualTo(cleared.withSeq(2));
        store.commit(List.of(Change.pending("ddns.test", "host1", cleared.withSeq(2), host, 4000)));
        assertThat(store.load().records()).singleElement().extracting(NameRecord::extras)
                .isEqualTo(new NameExtras(InterfaceId.parse("::5/56"), 300,
                        List.of(ExtraRecord.parse(ExtraRecord.Kind.MX, "10 mail.example.com"))));
    }

    @Test
    void theTimeEachTxtValueWasSetIsStoredAndJournalled() throws Exception {
        NameRecord r = record("acme", CAM, "1.2.3.4");
        NameRecord withTxt = new NameRecord(r.zone(), r.label(), r.device(), r.addresses(),
                NameExtras.of(null, 0, List.of(), List.of(1_700_000_000_001L, 1_700_000_000_002L)), Map.of(),
                List.of("one", "two"), "", "198.51.100.1", 1000, 2000, 0);

        store.commit(List.of(Change.pending("ddns.test", "acme", null, withTxt, 2000)));

        assertThat(store.load().records()).singleElement().satisfies(loaded -> {
            assertThat(loaded.txtSetAt(0)).isEqualTo(1_700_000_000_001L);
            assertThat(loaded.txtSetAt(1)).isEqualTo(1_700_000_000_002L);
        });
        assertThat(store.journal(0, 10).get(0).after().txtSetAt(1)).isEqualTo(1_700_000_000_002L);
    }

    @Test
    void recordsWithTheSameSourceAndUserAgentLoadSharingOneCopyOfEach() throws Exception {
        NameRecord a = record("cam1", CAM, "1.2.3.4");
        NameRecord b = record("cam2", OTHER, "1.2.3.5");
        store.commit(List.of(
                Change.pending("ddns.test", "cam1", null, new NameRecord(a.zone(), a.label(), a.device(), a.addresses(),
                        Map.of(), List.of(), new String("Acme - Cam - 1.0"), new String("import"), 1, 1, 0), 1),
                Change.pending("ddns.test", "cam2", null, new NameRecord(b.zone(), b.label(), b.device(), b.addresses(),
                        Map.of(), List.of(), new String("Acme - Cam - 1.0"), new String("import"), 1, 1, 0), 1)));

        List<NameRecord> loaded = store.load().records();

        assertThat(loaded.get(0).source()).isEqualTo("import").isSameAs(loaded.get(1).source());
        assertThat(loaded.get(0).userAgent()).isSameAs(loaded.get(1).userAgent());
    }

    @Test
    void sourcesThatAreTheNamesOwnAddressesDoNotCrowdOutOnesThatRepeat() throws Exception {
        // More devices updating from their own address than the load's pool has places, then two
        // behind one NAT address: the two still share one copy.
        List<Change> changes = new java.util.ArrayList<>();
        for (int i = 0; i < StringPool.LOAD_CAPACITY + 1; i++) {
            String ip = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
            changes.add(Change.pending("ddns.test", "own" + i, null, new NameRecord("ddns.test", "own" + i,
                    DeviceId.parse("SN-" + i), Addresses.of(IpLiteral.parse(ip)), Map.of(), List.of(), "", ip, 1, 1, 0), 1));
        }
        for (String label : List.of("nat1", "nat2")) {
            changes.add(Change.pending("ddns.test", label, null, new NameRecord("ddns.test", label,
                    DeviceId.parse("SN-" + label), Addresses.NONE, Map.of(), List.of(), "", new String("198.51.100.7"),
                    1, 1, 0), 1));
        }
        store.commit(changes);

        Map<String, NameRecord> loaded = new java.util.HashMap<>();
        store.load().records().forEach(r -> loaded.put(r.label(), r));

        assertThat(loaded.get("nat1").source()).isEqualTo("198.51.100.7").isSameAs(loaded.get("nat2").source());
        assertThat(loaded.get("own65536").source()).isEqualTo("10.1.0.0");
    }

    @Test
    void loadGivesEachZoneItsLastSequenceNumber() throws Exception {
        store.commit(List.of(create("cam1", CAM, "1.2.3.4")));
        store.commit(List.of(Change.pending("other.test", "x", null, record("other.test", "x", OTHER, "1.2.3.5"), 5)));
        assertThat(store.load().lastSeqs()).containsEntry("ddns.test", 1L).containsEntry("other.test", 2L);
    }

    @Test
    void aDevicesNamesLoadIntoTheRegistryOldestFirstWhateverTheStorageOrder() throws Exception {
        store.commit(List.of(Change.pending("ddns.test", "b", null, stamped(record("b", CAM, "1.1.1.1"), 200), 200),
                Change.pending("ddns.test", "a", null, stamped(record("a", CAM, "1.1.1.2"), 100), 100)));
        dev.beacon.zone.Zone zone = dev.beacon.zone.Zone.of("ddns.test", dev.beacon.zone.ZonePolicy.defaults(),
                Map.of(), List.of());
        assertThat(dev.beacon.registry.RegistrySnapshot.load(List.of(zone), store.load()).zone("ddns.test")
                .labelsOf(CAM)).containsExactly("a", "b");
    }

    @Test
    void updateReplacesTheRecordAndJournalsBeforeAndAfter() throws Exception {
        NameRecord before = store.commit(List.of(create("cam1", CAM, "1.2.3.4"))).get(0).after();
        NameRecord after = record("cam1", CAM, "5.6.7.8");
        store.commit(List.of(Change.pending("ddns.test", "cam1", before, after, 3000)));
        assertThat(store.load().records()).singleElement()
                .satisfies(r -> assertThat(r.addresses().v4Text()).isEqualTo("5.6.7.8"));
        List<Change> journal = store.journal(0, 10);
        assertThat(journal).hasSize(2);
        assertThat(journal.get(1).before().addresses().v4Text()).isEqualTo("1.2.3.4");
        assertThat(journal.get(1).after().addresses().v4Text()).isEqualTo("5.6.7.8");
        assertThat(journal.get(1).atMillis()).isEqualTo(3000);
    }

    @Test
    void deleteRemovesTheRecordAndJournalsIt() throws Exception {
        NameRecord before = store.commit(List.of(create("cam1", CAM, "1.2.3.4"))).get(0).after();
        List<Change> done = store.commit(List.of(Change.pending("ddns.test", "cam1", before, null, 9)));
        assertThat(store.load().records()).isEmpty();
        assertThat(store.load().lastSeqs()).containsEntry("ddns.test", done.get(0).seq());
        assertThat(store.journal(1, 10)).singleElement().satisfies(c -> assertThat(c.after()).isNull());
    }

    @Test
    void severalChangesOfOneNameInOneCommitLeaveTheLast() throws Exception {
        NameRecord a = record("cam1", CAM, "1.1.1.1");
        NameRecord b = record("cam1", CAM, "2.2.2.2");
        store.commit(List.of(Change.pending("ddns.test", "cam1", null, a, 1), Change.pending("ddns.test", "cam1", a, null, 2),
                Change.pending("ddns.test", "cam1", null, b, 3)));
        assertThat(store.load().records()).singleElement()
                .satisfies(r -> assertThat(r.addresses().v4Text()).isEqualTo("2.2.2.2"));
        assertThat(store.journal(0, 10)).hasSize(3);
    }

    @Test
    void aNameThatChangedHandsAndCameBackInOneCommitIsStoredForItsLastHolder() throws Exception {
        NameRecord theirs = store.commit(List.of(create("cam1", OTHER, "1.1.1.1"))).get(0).after();
        NameRecord mine = record("cam1", CAM, "2.2.2.2");
        NameRecord mineAgain = record("cam1", CAM, "3.3.3.3");
        // The last change's before is this device's, but the stored row is still the other's.
        store.commit(List.of(Change.pending("ddns.test", "cam1", theirs, null, 2),
                Change.pending("ddns.test", "cam1", null, mine, 3), Change.pending("ddns.test", "cam1", mine, mineAgain, 4)));
        assertThat(store.load().records()).singleElement().satisfies(r -> {
            assertThat(r.device()).isEqualTo(CAM);
            assertThat(r.addresses().v4Text()).isEqualTo("3.3.3.3");
        });
    }

    @Test
    void aChangeToAHeldNameLeavesLastSeenToTheSightings() throws Exception {
        NameRecord before = store.commit(List.of(create("cam1", CAM, "1.2.3.4"))).get(0).after();
        store.touch(List.of(new Sighting("ddns.test", CAM, 50_000)));
        store.commit(List.of(Change.pending("ddns.test", "cam1", before, stamped(record("cam1", CAM, "5.6.7.8"), 1000), 60_000)));
        assertThat(lastSeen("cam1")).isEqualTo(50_000);
        assertThat(store.load().records()).singleElement()
                .satisfies(r -> assertThat(r.addresses().v4Text()).isEqualTo("5.6.7.8"));
    }

    @Test
    void renameInOneCommitMovesTheData() throws Exception {
        NameRecord old = store.commit(List.of(create("cam1", CAM, "1.2.3.4"))).get(0).after();
        store.commit(List.of(Change.pending("ddns.test", "cam1", old, null, 5),
                Change.pending("ddns.test", "garage", null, record("garage", CAM, "1.2.3.4"), 5)));
        assertThat(store.load().records()).extracting(NameRecord::label).containsExactly("garage");
    }

    @Test
    void failedCommitKeepsNothingOfIt() throws Exception {
        store.commit(List.of(create("cam1", CAM, "1.2.3.4")));
        // A record in a zone the store does not know breaks the foreign key halfway through.
        Change good = create("cam2", OTHER, "1.2.3.5");
        Change bad = Change.pending("nowhere.test", "x", null, record("nowhere.test", "x", OTHER, "1.2.3.6"), 7);
        assertThatThrownBy(() -> store.commit(List.of(good, bad))).isInstanceOf(StoreException.class);
        assertThat(store.load().records()).extracting(NameRecord::label).containsExactly("cam1");
        assertThat(store.journal(0, 10)).hasSize(1);
        assertThat(store.commit(List.of(create("cam3", DeviceId.parse("SN-3"), "1.2.3.7")))).extracting(Change::seq)
                .containsExactly(2L);
    }

    @Test
    void journalPagesInOrder() throws Exception {
        for (int i = 0; i < 5; i++) {
            store.commit(List.of(create("cam" + i, DeviceId.parse("SN-" + i), "1.2.3." + (i + 1))));
        }
        assertThat(store.journal(1, 2)).extracting(Change::seq).containsExactly(2L, 3L);
        assertThat(store.journal(5, 10)).isEmpty();
    }

    @Test
    void pruningDropsOldJournalEntriesButKeepsZonePositions() throws Exception {
        store.commit(List.of(Change.pending("ddns.test", "old", null, record("old", CAM, "1.2.3.4"), 1_000)));
        store.commit(List.of(Change.pending("ddns.test", "new", null, record("new", OTHER, "1.2.3.5"), 9_000)));
        assertThat(store.pruneJournal(5_000)).isEqualTo(1);
        assertThat(store.journal(0, 10)).extracting(Change::label).containsExactly("new");
        assertThat(store.load().lastSeqs()).containsEntry("ddns.test", 2L);
        assertThat(store.load().records()).hasSize(2);
        assertThat(store.pruneJournal(5_000)).isZero();
    }

    @Test
    void zoneJournalGivesOneZonesEntriesBetweenTwoPositions() throws Exception {
        for (int i = 1; i <= 4; i++) {
            store.commit(List.of(create("cam" + i, DeviceId.parse("SN-" + i), "1.2.3." + i)));
            store.commit(List.of(Change.pending("other.test", "x" + i, null,
                    record("other.test", "x" + i, DeviceId.parse("SN-X" + i), "1.2.4." + i), 1000)));
        }
        assertThat(store.zoneJournal("ddns.test", 1, 7, 100)).extracting(Change::label)
                .containsExactly("cam2", "cam3", "cam4");
        assertThat(store.zoneJournal("ddns.test", 1, 7, 2)).extracting(Change::seq).containsExactly(3L, 5L);
    }

    @Test
    void zoneJournalPastAPrunedStartIsAGap() throws Exception {
        store.commit(List.of(Change.pending("ddns.test", "old", null, record("old", CAM, "1.2.3.4"), 1_000)));
        store.commit(List.of(Change.pending("other.test", "y", null, record("other.test", "y", OTHER, "1.2.3.5"), 1_000)));
        store.commit(List.of(Change.pending("ddns.test", "new", null, record("new", OTHER, "1.2.3.6"), 9_000)));
        store.pruneJournal(5_000);
        // Entry 2 was another zone's, but the journal cannot tell: the difference since 1 is unknown.
        assertThatThrownBy(() -> store.zoneJournal("ddns.test", 1, 3, 100)).isInstanceOf(JournalGap.class);
        assertThat(store.zoneJournal("ddns.test", 2, 3, 100)).extracting(Change::label).containsExactly("new");
    }

    @Test
    void loadAfterGivesTheEntriesSinceAPositionWithTheStampOfTheEntryThere() throws Exception {
        for (int i = 1; i <= 4; i++) {
            store.commit(List.of(create("cam" + i, DeviceId.parse("SN-" + i), "1.2.3." + i)));
        }
        store.commit(List.of(Change.marked("ddns.test", new dev.beacon.record.DeviceMark(CAM, true), 2000, "admin a")));
        StoredTail tail = store.loadAfter(2, 100);
        assertThat(tail.stamp()).isEqualTo(store.journalStamp(2)).isNotNull();
        assertThat(tail.entries()).extracting(Change::seq).containsExactly(3L, 4L, 5L);
        assertThat(tail.head()).isEqualTo(5);
        assertThat(tail.lastSeqs()).containsEntry("ddns.test", store.load().lastSeqs().get("ddns.test"));
        assertThat(tail.blocks()).extracting(b -> b.mark().device()).containsExactly(CAM);
    }

    @Test
    void loadAfterGivesNoEntriesWhenMoreThanTheLimitFollow() throws Exception {
        for (int i = 1; i <= 4; i++) {
            store.commit(List.of(create("cam" + i, DeviceId.parse("SN-" + i), "1.2.3." + i)));
        }
        StoredTail tail = store.loadAfter(1, 2);
        assertThat(tail.entries()).isEmpty();
        assertThat(tail.head()).isEqualTo(4);
    }

    @Test
    void loadAfterAPrunedPositionIsAGap() throws Exception {
        store.commit(List.of(Change.pending("ddns.test", "old", null, record("old", CAM, "1.2.3.4"), 1_000)));
        store.commit(List.of(Change.pending("ddns.test", "mid", null, record("mid", OTHER, "1.2.3.5"), 1_000)));
        store.commit(List.of(Change.pending("ddns.test", "new", null, record("new", DeviceId.parse("SN-3"), "1.2.3.6"), 9_000)));
        store.pruneJournal(5_000);
        assertThatThrownBy(() -> store.loadAfter(1, 100)).isInstanceOf(JournalGap.class);
    }

    @Test
    void aJournalStampIsNullPastTheHeadAndDiffersFromEntryToEntry() throws Exception {
        store.commit(List.of(create("cam1", CAM, "1.2.3.4"), create("cam2", OTHER, "1.2.3.4")));
        assertThat(store.journalStamp(1)).isNotEqualTo(store.journalStamp(2));
        assertThat(store.journalStamp(3)).isNull();
        assertThat(store.loadAfter(3, 100).stamp()).isNull();
    }

    @Test
    void touchAdvancesLastSeenButNeverMovesItBack() throws Exception {
        store.commit(List.of(create("cam1", CAM, "1.2.3.4")));
        store.touch(List.of(new Sighting("ddns.test", CAM, 50_000)));
        assertThat(lastSeen("cam1")).isEqualTo(50_000);
        store.touch(List.of(new Sighting("ddns.test", CAM, 40_000)));
        assertThat(lastSeen("cam1")).isEqualTo(50_000);
    }

    @Test
    void aSearchLooksAtABoundedWindowAndItsNextCursorGoesOnFromWhereItStopped() throws Exception {
        for (int i = 0; i < 10; i++) {
            store.commit(List.of(create("host" + i, DeviceId.parse("SN-" + i), "10.0.0." + (i + 1))));
        }
        // One device holds 10.0.0.2; a window of three names a page: four pages to the end.
        List<String> found = new java.util.ArrayList<>();
        DeviceQuery.Position after = null;
        int pages = 0;
        do {
            DevicePage page = store.devices(new DeviceQuery("ddns.test", "10.0.0.2", DeviceQuery.Order.DEVICE, after, 50, 3));
            page.rows().forEach(r -> found.add(r.device().value()));
            after = page.next();
            pages++;
        } while (after != null && pages < 20);
        assertThat(found).containsExactly("SN-1");
        assertThat(pages).isEqualTo(4);

        DevicePage first = store.devices(new DeviceQuery("ddns.test", "host", DeviceQuery.Order.DEVICE, null, 50, 3));
        assertThat(first.rows()).extracting(r -> r.device().value()).containsExactly("SN-0", "SN-1", "SN-2");
        assertThat(first.next()).isEqualTo(new DeviceQuery.Position("ddns.test", "SN-2", 0));
    }

    @Test
    void aSearchWindowNeverSplitsADevicesNames() throws Exception {
        store.commit(List.of(create("alpha", CAM, "10.0.0.1"), create("zulu", CAM, "10.0.0.1"),
                create("other", OTHER, "10.0.0.2")));

        DevicePage page = store.devices(new DeviceQuery("ddns.test", "zulu", DeviceQuery.Order.DEVICE, null, 50, 1));

        assertThat(page.rows()).extracting(r -> r.device().value()).containsExactly(CAM.value());
    }

    @Test
    void devicesPageByLastSeenEitherWayWithoutRepeatsOrGaps() throws Exception {
        for (int i = 0; i < 5; i++) {
            store.commit(List.of(create("cam" + i, DeviceId.parse("SN-" + i), "10.0.0." + (i + 1))));
        }
        long[] seen = {30_000, 10_000, 50_000, 20_000, 40_000};
        for (int i = 0; i < 5; i++) {
            store.touch(List.of(new Sighting("ddns.test", DeviceId.parse("SN-" + i), seen[i])));
        }

        assertThat(walk(DeviceQuery.Order.LAST_SEEN, null)).containsExactly("SN-1", "SN-3", "SN-0", "SN-4", "SN-2");
        assertThat(walk(DeviceQuery.Order.LAST_SEEN_DESC, null)).containsExactly("SN-2", "SN-4", "SN-0", "SN-3", "SN-1");
        assertThat(walk(DeviceQuery.Order.LAST_SEEN_DESC, "cam")).containsExactly("SN-2", "SN-4", "SN-0", "SN-3", "SN-1");
    }

    /** Every device of the test zone in an order, two a page, following each page's next. */
    private List<String> walk(DeviceQuery.Order order, String text) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        DeviceQuery.Position after = null;
        do {
            DevicePage page = store.devices(new DeviceQuery("ddns.test", text, order, after, 2, 2));
            page.rows().forEach(r -> out.add(r.device().value()));
            after = page.next();
        } while (after != null && out.size() < 50);
        return out;
    }

    @Test
    void dataSurvivesClosingAndReopening() throws Exception {
        store.commit(List.of(create("cam1", CAM, "1.2.3.4")));
        store.close();
        store = JdbcStore.connect(StoreSettings.of(currentUrl()));
        store.open(List.of("ddns.test", "other.test"));
        assertThat(store.load().records()).extracting(NameRecord::label).containsExactly("cam1");
        assertThat(store.commit(List.of(create("cam2", OTHER, "1.2.3.5")))).extracting(Change::seq).containsExactly(2L);
    }

    @Test
    void schemaNewerThanThisBeaconIsRefusedWithAClearMessage() throws Exception {
        try (Connection c = DriverManager.getConnection(currentUrl()); Statement s = c.createStatement()) {
            s.execute("UPDATE beacon_schema SET version = 999");
        }
        assertThatThrownBy(() -> store.open(List.of("ddns.test"))).isInstanceOf(StoreException.class)
                .hasMessageContaining("newer than this Beacon");
    }

    private long lastSeen(String label) throws SQLException {
        try (Connection c = DriverManager.getConnection(currentUrl());
                PreparedStatement ps = c.prepareStatement("SELECT last_seen_at FROM records WHERE zone = ? AND label = ?")) {
            ps.setString(1, "ddns.test");
            ps.setString(2, label);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getLong(1);
            }
        }
    }

    static Change create(String label, DeviceId device, String ip) {
        return Change.pending("ddns.test", label, null, record(label, device, ip), 1000);
    }

    static NameRecord record(String label, DeviceId device, String ip) {
        return record("ddns.test", label, device, ip);
    }

    static NameRecord record(String zone, String label, DeviceId device, String ip) {
        return new NameRecord(zone, label, device, Addresses.of(IpLiteral.parse(ip)), Map.of(), List.of(), "ua",
                "192.0.2.1", 1000, 1000, 0);
    }

    static NameRecord stamped(NameRecord r, long created) {
        return new NameRecord(r.zone(), r.label(), r.device(), r.addresses(), r.fields(), r.txt(), r.userAgent(),
                r.source(), created, created, 0);
    }
}
