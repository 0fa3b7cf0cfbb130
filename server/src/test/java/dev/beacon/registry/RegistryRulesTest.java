package dev.beacon.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.ip.IpLiteral;
import dev.beacon.record.Addresses;
import dev.beacon.record.Change;
import dev.beacon.record.NameRecord;
import dev.beacon.record.RequestMeta;
import dev.beacon.record.TxtChange;
import dev.beacon.token.DeviceId;
import dev.beacon.zone.Zone;
import dev.beacon.zone.ZonePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The registry's decisions, as the protocol's "Semantics" section states them. */
class RegistryRulesTest {

    private static final DeviceId CAM = DeviceId.parse("E0:46:9A:B8:1B:FC");
    private static final DeviceId OTHER = DeviceId.parse("SN-2");
    private final Zone zone = zone(1);
    private RegistrySnapshot snapshot = RegistrySnapshot.load(List.of(zone), List.of(), Map.of(), 0);
    private long seq;
    private long now = 1_000;

    @Test
    void addOfAFreeNameCreatesIt() {
        Decision d = run(add(CAM, "cam1", "1.2.3.4"));
        assertThat(d).isEqualTo(Decision.created("cam1.ddns.test"));
        assertThat(record("cam1").addresses()).isEqualTo(addresses("1.2.3.4"));
        assertThat(snapshot.zone("ddns.test").labelsOf(CAM)).containsExactly("cam1");
    }

    @Test
    void addOfTheDevicesOwnNameWithTheSameAddressIsNoChange() {
        run(add(CAM, "cam1", "1.2.3.4"));
        assertThat(run(add(CAM, "cam1", "1.2.3.4"))).isEqualTo(Decision.of(Outcome.NO_CHANGE));
    }

    @Test
    void addOfTheDevicesOwnNameWithANewAddressModifiesIt() {
        run(add(CAM, "cam1", "1.2.3.4"));
        assertThat(run(add(CAM, "cam1", "5.6.7.8"))).isEqualTo(Decision.modified(Set.of("cam1")));
        assertThat(record("cam1").addresses()).isEqualTo(addresses("5.6.7.8"));
    }

    @Test
    void addOfAnotherDevicesNameIsRefusedAsTaken() {
        run(add(CAM, "cam1", "1.2.3.4"));
        assertThat(run(add(OTHER, "cam1", "5.6.7.8"))).isEqualTo(Decision.of(Outcome.NAME_TAKEN));
        assertThat(record("cam1").device()).isEqualTo(CAM);
    }

    @Test
    void addOfANewNameRenamesTheDeviceAndReleasesTheOldNameInOneCommit() {
        run(add(CAM, "cam1", "1.2.3.4"));
        List<Change> changes = new ArrayList<>();
        Decision d = run(add(CAM, "garage", "1.2.3.4"), changes);
        assertThat(d).isEqualTo(Decision.created("garage.ddns.test"));
        assertThat(record("cam1")).isNull();
        assertThat(record("garage").addresses()).isEqualTo(addresses("1.2.3.4"));
        assertThat(changes).extracting(Change::label).containsExactly("cam1", "garage");
        assertThat(snapshot.zone("ddns.test").labelsOf(CAM)).containsExactly("garage");
    }

    @Test
    void renameKeepsCustomFieldsAndMergesNewOnes() {
        run(new Command.Add(zone, CAM, "cam1", addresses("1.2.3.4"), Map.of("port", "80"), meta()));
        run(new Command.Add(zone, CAM, "cam2", addresses("1.2.3.4"), Map.of("fw", "2.0"), meta()));
        assertThat(record("cam2").fields()).containsEntry("port", "80").containsEntry("fw", "2.0");
    }

    @Test
    void releasedNameCanBeTakenByAnotherDevice() {
        run(add(CAM, "cam1", "1.2.3.4"));
        run(add(CAM, "cam2", "1.2.3.4"));
        assertThat(run(add(OTHER, "cam1", "5.6.7.8"))).isEqualTo(Decision.created("cam1.ddns.test"));
    }

    @Test
    void deviceBelowItsLimitGetsAnotherName() {
        Zone two = zone(2);
        snapshot = RegistrySnapshot.load(List.of(two), List.of(), Map.of(), 0);
        run(new Command.Add(two, CAM, "a", addresses("1.2.3.4"), Map.of(), meta()));
        run(new Command.Add(two, CAM, "b", addresses("1.2.3.4"), Map.of(), meta()));
        assertThat(snapshot.zone("ddns.test").labelsOf(CAM)).containsExactly("a", "b");
        run(new Command.Add(two, CAM, "c", addresses("1.2.3.4"), Map.of(), meta()));
        assertThat(snapshot.zone("ddns.test").labelsOf(CAM)).containsExactly("b", "c");
    }

    @Test
    void updateChangesOnlyTheAddressFamilyItCarries() {
        run(new Command.Add(zone, CAM, "cam1", addresses("1.2.3.4,2001:db8::1"), Map.of(), meta()));
        assertThat(run(update(CAM, "2001:db8::2"))).isEqualTo(Decision.modified(Set.of("cam1")));
        assertThat(record("cam1").addresses()).isEqualTo(addresses("1.2.3.4,2001:db8::2"));
    }

    @Test
    void updateWithTheStoredAddressIsNoChangeAndWritesNothing() {
        run(add(CAM, "cam1", "1.2.3.4"));
        List<Change> changes = new ArrayList<>();
        assertThat(run(update(CAM, "1.2.3.4"), changes)).isEqualTo(Decision.of(Outcome.NO_CHANGE));
        assertThat(changes).isEmpty();
    }

    @Test
    void updateOfACustomFieldAloneIsAModification() {
        run(add(CAM, "cam1", "1.2.3.4"));
        Decision d = run(new Command.Update(zone, CAM, addresses("1.2.3.4"), Map.of("port", "8080"), meta()));
        assertThat(d).isEqualTo(Decision.modified(Set.of("cam1")));
        assertThat(record("cam1").fields()).containsEntry("port", "8080");
    }

    @Test
    void updateNamingSomeHostsChangesOnlyThose() {
        Zone two = zone(2);
        snapshot = RegistrySnapshot.load(List.of(two), List.of(), Map.of(), 0);
        run(new Command.Add(two, CAM, "a", addresses("1.2.3.4"), Map.of(), meta()));
        run(new Command.Add(two, CAM, "b", addresses("1.2.3.4"), Map.of(), meta()));
        Decision d = run(new Command.Update(two, CAM, addresses("5.6.7.8"), Map.of(), null, Set.of("b"), meta()));
        assertThat(d).isEqualTo(Decision.modified(Set.of("b")));
        assertThat(record("a").addresses()).isEqualTo(addresses("1.2.3.4"));
        assertThat(record("b").addresses()).isEqualTo(addresses("5.6.7.8"));
    }

    @Test
    void updateNamingOnlyHostsTheDeviceDoesNotHoldFindsNoRecord() {
        run(add(CAM, "cam1", "1.2.3.4"));
        assertThat(run(new Command.Update(zone, CAM, addresses("5.6.7.8"), Map.of(), null, Set.of("other"), meta())))
                .isEqualTo(Decision.of(Outcome.NO_RECORD));
    }

    @Test
    void txtValuesAccumulateUpToTheZonesLimitAndClear() {
        run(add(CAM, "cam1", "1.2.3.4"));
        for (String v : List.of("one", "two", "three")) {
            run(new Command.Update(zone, CAM, Addresses.NONE, Map.of(), new TxtChange(v, false), Set.of(), meta()));
        }
        assertThat(record("cam1").txt()).containsExactly("two", "three");
        // Setting a value it has again starts its txt-ttl over: a change, and it moves to the end.
        assertThat(run(new Command.Update(zone, CAM, Addresses.NONE, Map.of(), new TxtChange("two", false), Set.of(),
                meta()))).isEqualTo(Decision.modified(Set.of("cam1")));
        assertThat(record("cam1").txt()).containsExactly("three", "two");
        run(new Command.Update(zone, CAM, Addresses.NONE, Map.of(), new TxtChange(null, true), Set.of(), meta()));
        assertThat(record("cam1").txt()).isEmpty();
        assertThat(record("cam1").addresses()).isEqualTo(addresses("1.2.3.4"));
    }

    @Test
    void h5TxtValuesPastTheZonesByteLimitDropTheOldestSoAnAnswerStaysSmall() {
        run(add(CAM, "cam1", "1.2.3.4"));
        String big = "x".repeat(250);
        run(new Command.Update(zone, CAM, Addresses.NONE, Map.of(), new TxtChange("acme-token-1", false), Set.of(), meta()));
        run(new Command.Update(zone, CAM, Addresses.NONE, Map.of(), new TxtChange(big, false), Set.of(), meta()));

        assertThat(record("cam1").txt()).containsExactly(big);
        assertThat(record("cam1").txt().stream().mapToInt(String::length).sum()).isLessThanOrEqualTo(256);
    }

    @Test
    void updateOfADeviceWithoutANameFindsNoRecord() {
        assertThat(run(update(CAM, "1.2.3.4"))).isEqualTo(Decision.of(Outcome.NO_RECORD));
    }

    @Test
    void removeReleasesEveryNameOfTheDevice() {
        run(add(CAM, "cam1", "1.2.3.4"));
        assertThat(run(new Command.Remove(zone, CAM, meta()))).isEqualTo(Decision.of(Outcome.DELETED));
        assertThat(record("cam1")).isNull();
        assertThat(snapshot.zone("ddns.test").labelsOf(CAM)).isEmpty();
    }

    @Test
    void removeOfADeviceWithoutANameFindsNoRecord() {
        assertThat(run(new Command.Remove(zone, CAM, meta()))).isEqualTo(Decision.of(Outcome.NO_RECORD));
    }

    @Test
    void twoAddsOfOneFreeNameInOneBatchGiveOneCreationAndOneRefusal() {
        PendingState batch = new PendingState(snapshot);
        Decision first = RegistryRules.decide(add(CAM, "cam1", "1.2.3.4"), batch);
        Decision second = RegistryRules.decide(add(OTHER, "cam1", "5.6.7.8"), batch);
        assertThat(first).isEqualTo(Decision.created("cam1.ddns.test"));
        assertThat(second).isEqualTo(Decision.of(Outcome.NAME_TAKEN));
        assertThat(batch.changes()).hasSize(1);
    }

    @Test
    void serialPositionOfTheZoneFollowsItsLastCommittedChange() {
        run(add(CAM, "cam1", "1.2.3.4"));
        long afterAdd = snapshot.zone("ddns.test").lastSeq();
        run(new Command.Remove(zone, CAM, meta()));
        assertThat(snapshot.zone("ddns.test").lastSeq()).isGreaterThan(afterAdd);
    }

    private Decision run(Command command) {
        return run(command, new ArrayList<>());
    }

    /** Decides as the writer does and commits the changes with increasing sequence numbers. */
    private Decision run(Command command, List<Change> changesOut) {
        PendingState state = new PendingState(snapshot);
        Decision d = RegistryRules.decide(command, state);
        List<Change> committed = new ArrayList<>();
        if (state.hasChanges()) {
            for (Change c : state.changes()) {
                committed.add(c.committed(++seq));
            }
        }
        changesOut.addAll(committed);
        snapshot = snapshot.apply(committed);
        now += 1000;
        return d;
    }

    private NameRecord record(String label) {
        return snapshot.zone("ddns.test").record(label);
    }

    private Command.Add add(DeviceId device, String label, String ip) {
        return new Command.Add(zone, device, label, addresses(ip), Map.of(), meta());
    }

    private Command.Update update(DeviceId device, String ip) {
        return new Command.Update(zone, device, addresses(ip), Map.of(), meta());
    }

    private RequestMeta meta() {
        return new RequestMeta("Acme - Cam - 1.0", "192.0.2.1", now);
    }

    private static Addresses addresses(String text) {
        Addresses out = Addresses.NONE;
        for (String part : text.split(",")) {
            out = out.merge(Addresses.of(IpLiteral.parse(part)));
        }
        return out;
    }

    private static Zone zone(int maxNames) {
        return Zone.of("ddns.test", new ZonePolicy(false, false, maxNames, ZonePolicy.DEFAULT_RESERVED, false,
                dev.beacon.record.TxtLimits.defaults(), ZonePolicy.ALL_TOKEN_VERSIONS, List.of()), Map.of(),
                List.of());
    }
}
