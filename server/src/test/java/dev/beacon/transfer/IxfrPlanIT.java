package dev.beacon.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.ip.IpLiteral;
import dev.beacon.record.Addresses;
import dev.beacon.record.Change;
import dev.beacon.record.NameRecord;
import dev.beacon.registry.RegistrySnapshot;
import dev.beacon.registry.ZoneState;
import dev.beacon.store.JdbcStore;
import dev.beacon.store.Store;
import dev.beacon.store.StoreSettings;
import dev.beacon.token.DeviceId;
import dev.beacon.zone.Zone;
import dev.beacon.zone.ZonePolicy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an IXFR from a serial gets, planned against a real journal in a SQLite file. */
class IxfrPlanIT {

    private static final Zone ZONE = Zone.of("ddns.test", ZonePolicy.defaults(), Map.of(), List.of());

    @TempDir
    Path dir;
    private Store store;
    private String url;

    @BeforeEach
    void open() throws Exception {
        url = "jdbc:sqlite:" + dir.resolve("beacon.db");
        store = JdbcStore.connect(StoreSettings.of(url));
        store.open(List.of("ddns.test"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static NameRecord record(String label, String ip, String... txt) {
        return new NameRecord("ddns.test", label, DeviceId.parse("SN-" + label), Addresses.of(IpLiteral.parse(ip)),
                Map.of(), List.of(txt), "", "", 1, 1, 0);
    }

    private ZoneState state() throws Exception {
        return RegistrySnapshot.load(List.of(ZONE), store.load()).zone("ddns.test");
    }

    private void change(String label, NameRecord before, NameRecord after) throws Exception {
        store.commit(List.of(Change.pending("ddns.test", label, before, after, 1000)));
    }

    /** The plan's records as {@code owner type rdata-length}, SOAs as {@code SOA serial}. */
    private static List<String> lines(IxfrPlan plan) {
        List<String> out = new ArrayList<>();
        for (ZoneRr rr : ((IxfrPlan.Incremental) plan).records()) {
            if (rr.type() == ZoneRr.SOA) {
                byte[] d = rr.rdata();
                int at = d.length - 20;
                long serial = ((d[at] & 0xFFL) << 24) | ((d[at + 1] & 0xFFL) << 16) | ((d[at + 2] & 0xFFL) << 8) | d[at + 3] & 0xFFL;
                out.add("SOA " + serial);
            } else {
                out.add(rr.owner() + " " + rr.type() + " " + java.util.HexFormat.of().formatHex(rr.rdata()));
            }
        }
        return out;
    }

    @Test
    void manyChangesOfANameBecomeOneDeleteAndOneAdd() throws Exception {
        NameRecord first = record("cam", "192.0.2.1");
        change("cam", null, first);
        long from = state().lastSeq();
        NameRecord previous = first;
        for (int i = 2; i <= 5; i++) {
            NameRecord next = record("cam", "192.0.2." + i);
            change("cam", previous, next);
            previous = next;
        }
        IxfrPlan plan = IxfrPlan.of(state(), from, store);
        long now = state().lastSeq();
        assertThat(lines(plan)).containsExactly("SOA " + now, "SOA " + from, "cam 1 c0000201", "SOA " + now,
                "cam 1 c0000205", "SOA " + now);
    }

    @Test
    void aChangedTxtSetIsReplacedWholeAtBothOfItsNames() throws Exception {
        NameRecord a = record("box", "192.0.2.1", "one");
        change("box", null, a);
        long from = state().lastSeq();
        change("box", a, record("box", "192.0.2.1", "one", "two"));
        List<String> lines = lines(IxfrPlan.of(state(), from, store));
        // The A record did not change, so it is in neither half; each TXT RRset is swapped whole.
        assertThat(lines).filteredOn(l -> l.contains(" 16 ")).containsExactly("box 16 036f6e65",
                "_acme-challenge.box 16 036f6e65", "box 16 036f6e65", "box 16 0374776f",
                "_acme-challenge.box 16 036f6e65", "_acme-challenge.box 16 0374776f");
        assertThat(lines).noneMatch(l -> l.startsWith("box 1 "));
    }

    @Test
    void aNameMadeAndRemovedSinceTheSerialLeavesNothing() throws Exception {
        change("seed", null, record("seed", "192.0.2.9"));
        long from = state().lastSeq();
        NameRecord brief = record("brief", "192.0.2.1");
        change("brief", null, brief);
        change("brief", brief, null);
        assertThat(lines(IxfrPlan.of(state(), from, store))).allMatch(l -> l.startsWith("SOA"));
    }

    @Test
    void e11ARequesterAtOrAheadOfOurSerialIsUpToDate() throws Exception {
        change("cam", null, record("cam", "192.0.2.1"));
        long now = state().lastSeq();
        assertThat(IxfrPlan.of(state(), now, store)).isInstanceOf(IxfrPlan.UpToDate.class);
        assertThat(IxfrPlan.of(state(), now + 5, store)).isInstanceOf(IxfrPlan.UpToDate.class);
    }

    @Test
    void serialsKeepWorkingAcrossTheWrapAtTwoToThe32() throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE journal_head SET last_seq = " + ((1L << 32) - 3));
        }
        NameRecord a = record("wrap", "192.0.2.1");
        change("wrap", null, a);
        long before = state().lastSeq() & 0xFFFF_FFFFL;
        assertThat(before).isEqualTo(0xFFFF_FFFEL);
        NameRecord b = record("wrap", "192.0.2.2");
        change("wrap", a, b);
        change("wrap", b, record("wrap", "192.0.2.3"));
        long after = state().lastSeq() & 0xFFFF_FFFFL;
        assertThat(after).isEqualTo(0L);
        // 0 is after 4294967294 in serial arithmetic (RFC 1982): a difference of two changes.
        assertThat(lines(IxfrPlan.of(state(), before, store))).containsExactly("SOA 0", "SOA 4294967294",
                "wrap 1 c0000201", "SOA 0", "wrap 1 c0000203", "SOA 0");
        assertThat(IxfrPlan.of(state(), after, store)).isInstanceOf(IxfrPlan.UpToDate.class);
    }

    @Test
    void aSerialFromBeforeARestartStillGetsItsDifference() throws Exception {
        change("cam", null, record("cam", "192.0.2.1"));
        long from = state().lastSeq();
        change("cam", record("cam", "192.0.2.1"), record("cam", "192.0.2.2"));
        store.close();
        store = JdbcStore.connect(StoreSettings.of(url));
        store.open(List.of("ddns.test"));
        assertThat(state().lastSeq()).isEqualTo(from + 1);
        assertThat(lines(IxfrPlan.of(state(), from, store))).contains("cam 1 c0000201", "cam 1 c0000202");
    }

    @Test
    void e12ASerialBeforeThePrunedJournalGetsTheWholeZone() throws Exception {
        change("cam", null, record("cam", "192.0.2.1"));
        long from = state().lastSeq();
        change("cam", record("cam", "192.0.2.1"), record("cam", "192.0.2.2"));
        assertThat(store.pruneJournal(Long.MAX_VALUE)).isEqualTo(2);
        assertThat(IxfrPlan.of(state(), from, store)).isInstanceOf(IxfrPlan.Full.class);
    }

    @Test
    void moreChangesThanTheZoneHasNamesGetTheWholeZone() throws Exception {
        change("seed", null, record("seed", "192.0.2.9"));
        long from = state().lastSeq();
        List<Change> many = new ArrayList<>();
        NameRecord previous = record("busy", "10.0.0.1");
        many.add(Change.pending("ddns.test", "busy", null, previous, 1000));
        for (int i = 0; i < 1000; i++) {
            NameRecord next = record("busy", "10.0." + (i / 250) + "." + (i % 250 + 2));
            many.add(Change.pending("ddns.test", "busy", previous, next, 1000));
            previous = next;
        }
        store.commit(many);
        assertThat(IxfrPlan.of(state(), from, store)).isInstanceOf(IxfrPlan.Full.class);
    }
}
