package dev.beacon.update;

import dev.beacon.dns.Wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beacon.record.Addresses;
import dev.beacon.record.ExtraRecord;
import dev.beacon.record.InterfaceId;
import dev.beacon.record.NameExtras;
import dev.beacon.record.NameRecord;
import dev.beacon.registry.NameEdit;
import dev.beacon.registry.Outcome;
import dev.beacon.token.DeviceId;
import dev.beacon.tsig.TsigKey;
import dev.beacon.zone.UpdatableType;
import dev.beacon.zone.UpdateGrant;
import dev.beacon.zone.Zone;
import dev.beacon.zone.ZonePolicy;
import dev.beacon.zone.ZoneUpdates;
import java.net.InetAddress;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * RFC 2136's rules as Beacon applies them to a device's name: each update built by dnsjava, read,
 * checked against the grants and decided against records in memory, as the registry decides it.
 */
class UpdatePlanTest {

    private static final long NOW = 1_800_000_000_000L;
    private static final TsigKey KEY = TsigKey.of("fleet-key", "hmac-sha256", NsupdateIT.FLEET_SECRET);
    private static final TsigKey NARROW = TsigKey.of("cam1-key", "hmac-sha256", NsupdateIT.CAM1_SECRET);
    private static final Zone ZONE = zone();

    private final Map<String, NameRecord> names = new HashMap<>();

    private static Zone zone() {
        Zone plain = Zone.of("ddns.test", ZonePolicy.defaults(), Map.of(), List.of());
        ZoneUpdates updates = new ZoneUpdates(List.of(
                new UpdateGrant(KEY, List.of("*"), EnumSet.of(UpdatableType.A, UpdatableType.AAAA, UpdatableType.TXT,
                        UpdatableType.CNAME, UpdatableType.MX)),
                new UpdateGrant(KEY, List.of("_acme-challenge", "*"), Set.of(UpdatableType.TXT)),
                new UpdateGrant(KEY, List.of("_sip", "_tcp", "*"), Set.of(UpdatableType.SRV)),
                new UpdateGrant(KEY, List.of("_443", "_tcp", "*"), Set.of(UpdatableType.TLSA)),
                new UpdateGrant(NARROW, List.of("cam1"), Set.of(UpdatableType.A))));
        return plain.withUpdates(updates);
    }

    private static Name n(String text) {
        return Name.fromConstantString(text + ".ddns.test.");
    }

    private void hold(String label, String ipv4, String... txt) throws Exception {
        Addresses a = ipv4 == null ? Addresses.NONE : Addresses.of(InetAddress.getByName(ipv4));
        names.put(label, new NameRecord("ddns.test", label, DeviceId.parse("SN-" + label), a, Map.of(), List.of(txt), "ua",
                "198.51.100.1", NOW - 10_000, NOW - 10_000, 0));
    }

    private NameEdit.Result apply(TsigKey key, Update update) throws UpdateError {
        byte[] wire = update.toWire();
        UpdatePlan plan = UpdateChecks.plan(ZONE, key, UpdateMessage.read(wire, wire.length), "192.0.2.99");
        return plan.apply(names::get, NOW);
    }

    private NameEdit.Result apply(Update update) throws UpdateError {
        return apply(KEY, update);
    }

    private static Update update() {
        return new Update(Name.fromConstantString("ddns.test."));
    }

    /** The records after an edit that kept its changes. */
    private static Map<String, NameRecord> after(NameEdit.Result result) {
        assertThat(result).isInstanceOf(NameEdit.Edited.class);
        Map<String, NameRecord> out = new HashMap<>();
        ((NameEdit.Edited) result).after().forEach(r -> out.put(r.label(), r));
        return out;
    }

    private static Outcome refusal(NameEdit.Result result) {
        assertThat(result).isInstanceOf(NameEdit.Refused.class);
        return ((NameEdit.Refused) result).outcome();
    }

    private static int rcodeOfChecks(TsigKey key, Update update) {
        byte[] wire = update.toWire();
        try {
            UpdateChecks.plan(ZONE, key, UpdateMessage.read(wire, wire.length), "192.0.2.99");
            return -1;
        } catch (UpdateError e) {
            return e.rcode();
        }
    }

    @Test
    void anAddedAddressReplacesTheNamesAndIsStampedWithTheRequester() throws Exception {
        hold("cam1", "198.51.100.7");
        Update u = update();
        u.add(n("cam1"), Type.A, 300, "192.0.2.1");

        NameRecord cam1 = after(apply(u)).get("cam1");

        assertThat(cam1.addresses().v4Text()).isEqualTo("192.0.2.1");
        assertThat(cam1.ttl()).as("the record's TTL becomes the name's").isEqualTo(300);
        assertThat(cam1.source()).isEqualTo("192.0.2.99");
        assertThat(cam1.userAgent()).as("the device's own, for the fleet report").isEqualTo("ua");
        assertThat(cam1.updatedMillis()).isEqualTo(NOW);
    }

    @Test
    void anAddAtTheZonesTtlKeepsTheNameOnTheZonesTtl() throws Exception {
        hold("cam1", "198.51.100.7");
        Update u = update();
        u.add(n("cam1"), Type.A, 60, "192.0.2.1");

        assertThat(after(apply(u)).get("cam1").extras()).isNull();
    }

    @Test
    void anAddedAaaaReplacesAnInterfaceIdAddress() throws Exception {
        hold("cam1", null);
        NameRecord base = names.get("cam1");
        names.put("cam1", new NameRecord(base.zone(), base.label(), base.device(),
                Addresses.of(InetAddress.getByName("2001:db8:1::10")),
                new NameExtras(InterfaceId.parse("::10"), 0), Map.of(), List.of(), "ua", "", NOW, NOW, 0));
        Update u = update();
        u.add(n("cam1"), Type.AAAA, 60, "2001:db8:2::20");

        NameRecord cam1 = after(apply(u)).get("cam1");

        assertThat(cam1.addresses().v6Text()).isEqualTo("2001:db8:2::20");
        assertThat(cam1.interfaceId()).as("the address is as given now").isNull();
    }

    @Test
    void anUpdateThatChangesNothingEditsNoRecord() throws Exception {
        hold("cam1", "198.51.100.7");
        Update u = update();
        u.add(n("cam1"), Type.A, 60, "198.51.100.7");
        u.delete(n("cam1"), Type.MX);

        assertThat(after(apply(u))).isEmpty();
    }

    @Test
    void aTxtValueAlreadyThereIsNotAddedTwiceAndKeepsItsTime() throws Exception {
        hold("cam1", "198.51.100.7", "token-a");
        Update u = update();
        u.add(n("_acme-challenge.cam1"), Type.TXT, 120, "token-a");

        assertThat(after(apply(u))).isEmpty();
    }

    @Test
    void pastTheZonesTxtLimitTheOldestValueGoes() throws Exception {
        hold("cam1", "198.51.100.7", "token-a", "token-b");
        Update u = update();
        u.add(n("_acme-challenge.cam1"), Type.TXT, 120, "token-c");

        NameRecord cam1 = after(apply(u)).get("cam1");

        assertThat(cam1.txt()).containsExactly("token-b", "token-c");
        assertThat(cam1.txtSetAt(1)).isEqualTo(NOW);
    }

    @Test
    void aTxtValueIsDeletedByItsData() throws Exception {
        hold("cam1", "198.51.100.7", "token-a", "token-b");
        Update u = update();
        u.delete(new TXTRecord(n("_acme-challenge.cam1"), DClass.IN, 0, "token-a"));

        assertThat(after(apply(u)).get("cam1").txt()).containsExactly("token-b");
    }

    @Test
    void aCnameBesideOtherDataAndOtherDataBesideACnameAreIgnored() throws Exception {
        hold("cam1", "198.51.100.7");
        hold("cam2", null);
        Update cname = update();
        cname.add(n("cam1"), Type.CNAME, 60, "cam2.ddns.test.");
        assertThat(after(apply(cname))).isEmpty();

        Update alias = update();
        alias.add(n("cam2"), Type.CNAME, 60, "cam1.ddns.test.");
        names.put("cam2", after(apply(alias)).get("cam2"));
        Update address = update();
        address.add(n("cam2"), Type.A, 60, "192.0.2.2");

        assertThat(after(apply(address))).isEmpty();
    }

    @Test
    void aCnameReplacesTheCnameThere() throws Exception {
        hold("cam2", null);
        Update first = update();
        first.add(n("cam2"), Type.CNAME, 60, "cam1.ddns.test.");
        names.put("cam2", after(apply(first)).get("cam2"));
        Update second = update();
        second.add(n("cam2"), Type.CNAME, 60, "cam3.ddns.test.");

        assertThat(after(apply(second)).get("cam2").cname().text()).isEqualTo("cam3.ddns.test.");
    }

    @Test
    void aFifthMxIsRefusedAndNothingOfTheUpdateIsKept() throws Exception {
        hold("cam1", "198.51.100.7");
        Update u = update();
        u.add(n("cam1"), Type.A, 60, "192.0.2.3");
        for (int i = 1; i <= ExtraRecord.MAX_PER_KIND + 1; i++) {
            u.add(n("cam1"), Type.MX, 60, i + " mx" + i + ".example.net.");
        }

        assertThat(refusal(apply(u))).isEqualTo(Outcome.NOT_ALLOWED);
    }

    @Test
    void deletingEveryRrsetAtANameDeletesOnlyTheTypesTheKeyIsGranted() throws Exception {
        hold("cam1", "198.51.100.7", "token-a");
        NameRecord base = names.get("cam1");
        names.put("cam1", new NameRecord(base.zone(), base.label(), base.device(), base.addresses(),
                new NameExtras(null, 0, List.of(ExtraRecord.parse(ExtraRecord.Kind.SRV, "_sip._tcp 1 1 5060 sip.example.net"))),
                Map.of(), base.txt(), "ua", "", NOW, NOW, 0));
        Update u = update();
        u.delete(n("cam1"));

        NameRecord cam1 = after(apply(u)).get("cam1");

        assertThat(cam1.addresses().isEmpty()).isTrue();
        assertThat(cam1.txt()).isEmpty();
        assertThat(cam1.records()).as("SRV lives below the name, not at it").hasSize(1);
    }

    @Test
    void anSrvIsAddedBelowTheName() throws Exception {
        hold("cam1", "198.51.100.7");
        Update u = update();
        u.add(n("_sip._tcp.cam1"), Type.SRV, 60, "10 5 5060 cam1.ddns.test.");

        assertThat(after(apply(u)).get("cam1").records()).extracting(ExtraRecord::line)
                .containsExactly("SRV _sip._tcp 10 5 5060 cam1.ddns.test.");
    }

    @Test
    void aTlsaIsAddedAtItsPortBelowTheName() throws Exception {
        hold("cam1", "198.51.100.7");
        Update u = update();
        u.add(n("_443._tcp.cam1"), Type.TLSA, 60, "3 1 1 " + "AB".repeat(32));

        assertThat(after(apply(u)).get("cam1").records()).extracting(ExtraRecord::line)
                .containsExactly("TLSA _443._tcp 3 1 1 " + "ab".repeat(32));
    }

    @Test
    void addingToANameNoDeviceHoldsIsRefusedAndDeletingFromItChangesNothing() throws Exception {
        Update add = update();
        add.add(n("free"), Type.A, 60, "192.0.2.4");
        Update delete = update();
        delete.delete(n("free"), Type.A);

        assertThat(refusal(apply(add))).isEqualTo(Outcome.NO_RECORD);
        assertThat(after(apply(delete))).isEmpty();
    }

    @Test
    void eachKindOfPrerequisiteFailsWithItsOwnOutcome() throws Exception {
        hold("cam1", "198.51.100.7");
        Update inUse = update();
        inUse.present(n("free"));
        Update notInUse = update();
        notInUse.absent(n("cam1"));
        Update rrsetExists = update();
        rrsetExists.present(n("cam1"), Type.AAAA);
        Update rrsetAbsent = update();
        rrsetAbsent.absent(n("cam1"), Type.A);
        Update rrsetIs = update();
        rrsetIs.present(new ARecord(n("cam1"), DClass.IN, 0, InetAddress.getByName("192.0.2.5")));

        assertThat(refusal(apply(inUse))).isEqualTo(Outcome.NAME_NOT_IN_USE);
        assertThat(refusal(apply(notInUse))).isEqualTo(Outcome.NAME_IN_USE);
        assertThat(refusal(apply(rrsetExists))).isEqualTo(Outcome.RRSET_MISSING);
        assertThat(refusal(apply(rrsetAbsent))).isEqualTo(Outcome.RRSET_EXISTS);
        assertThat(refusal(apply(rrsetIs))).isEqualTo(Outcome.RRSET_MISSING);
    }

    @Test
    void aValuePrerequisiteComparesTheWholeRrsetInAnyOrder() throws Exception {
        hold("cam1", "198.51.100.7", "token-a", "token-b");
        Update whole = update();
        whole.present(new TXTRecord(n("cam1"), DClass.IN, 0, "token-b"));
        whole.present(new TXTRecord(n("cam1"), DClass.IN, 0, "token-a"));
        Update part = update();
        part.present(new TXTRecord(n("cam1"), DClass.IN, 0, "token-a"));

        assertThat(apply(whole)).isInstanceOf(NameEdit.Edited.class);
        assertThat(refusal(apply(part))).isEqualTo(Outcome.RRSET_MISSING);
    }

    @Test
    void theApexIsInUseWithItsSoaAndNs() throws Exception {
        Update u = update();
        u.present(Name.fromConstantString("ddns.test."));
        u.present(Name.fromConstantString("ddns.test."), Type.NS);
        u.absent(Name.fromConstantString("ddns.test."), Type.A);

        assertThat(apply(u)).isInstanceOf(NameEdit.Edited.class);
    }

    @Test
    void e19AnEditOutsideTheKeysGrantsIsRefusedBeforeAnyState() throws Exception {
        Update otherName = update();
        otherName.add(n("cam2"), Type.A, 60, "192.0.2.6");
        Update otherType = update();
        otherType.add(n("cam1"), Type.AAAA, 60, "2001:db8::6");
        Update deleteAll = update();
        deleteAll.delete(n("cam2"));

        assertThat(rcodeOfChecks(NARROW, otherName)).isEqualTo(Wire.REFUSED);
        assertThat(rcodeOfChecks(NARROW, otherType)).isEqualTo(Wire.REFUSED);
        assertThat(rcodeOfChecks(NARROW, deleteAll)).isEqualTo(Wire.REFUSED);
    }

    @Test
    void recordsBeaconCannotKeepAreRefused() throws Exception {
        Update multiString = update();
        multiString.add(n("_acme-challenge.cam1"), Type.TXT, 60, "\"one\" \"two\"");
        Update notAHost = update();
        notAHost.add(n("cam1"), Type.MX, 60, "10 _under.example.net.");
        Update otherType = update();
        otherType.add(n("cam1"), Type.HINFO, 60, "\"cpu\" \"os\"");
        Update apex = update();
        apex.add(Name.fromConstantString("ddns.test."), Type.A, 60, "192.0.2.7");
        Update tooDeep = update();
        tooDeep.add(n("a.b.cam1"), Type.A, 60, "192.0.2.7");
        Update shortTtl = update();
        shortTtl.add(n("cam1"), Type.A, 5, "192.0.2.7");

        for (Update u : List.of(multiString, notAHost, otherType, apex, tooDeep, shortTtl)) {
            assertThat(rcodeOfChecks(KEY, u)).as(u.toString()).isEqualTo(Wire.REFUSED);
        }
    }

    private static int rcodeOfChecks(UpdateRr... updates) {
        try {
            UpdateChecks.plan(ZONE, KEY, new UpdateMessage("ddns.test", List.of(), List.of(updates)), "192.0.2.99");
            return -1;
        } catch (UpdateError e) {
            return e.rcode();
        }
    }

    @Test
    void e16MalformedSectionsAreFormerr() throws Exception {
        Update prerequisiteWithTtl = update();
        prerequisiteWithTtl.present(new ARecord(n("cam1"), DClass.IN, 60, InetAddress.getByName("192.0.2.8")));
        Update metaType = update();
        metaType.add(org.xbill.DNS.Record.newRecord(n("cam1"), Type.AXFR, DClass.IN, 60));
        List<String> cam1 = List.of("cam1");

        assertThat(rcodeOfChecks(KEY, prerequisiteWithTtl)).isEqualTo(Wire.FORMERR);
        assertThat(rcodeOfChecks(KEY, metaType)).isEqualTo(Wire.FORMERR);
        assertThat(rcodeOfChecks(new UpdateRr(cam1, Type.A, DClass.NONE, 60, new RData.V4(1))))
                .as("a record delete with a TTL").isEqualTo(Wire.FORMERR);
        assertThat(rcodeOfChecks(new UpdateRr(cam1, Type.A, DClass.ANY, 0, new RData.V4(1))))
                .as("an RRset delete with data").isEqualTo(Wire.FORMERR);
        assertThat(rcodeOfChecks(new UpdateRr(cam1, Type.A, DClass.IN, 60, null)))
                .as("an add without data").isEqualTo(Wire.FORMERR);
        assertThat(rcodeOfChecks(new UpdateRr(cam1, Type.A, DClass.CH, 60, new RData.V4(1))))
                .as("another class").isEqualTo(Wire.FORMERR);
    }

    @Test
    void aGrantCoversOnlyOwnersOfItsLength() {
        UpdateGrant grant = new UpdateGrant(KEY, List.of("_acme-challenge", "*"), Set.of(UpdatableType.TXT));

        assertThat(grant.covers(List.of("_acme-challenge", "cam9"))).isTrue();
        assertThat(grant.covers(List.of("cam9"))).isFalse();
        assertThat(grant.covers(List.of("_acme-challenge", "a", "cam9"))).isFalse();
        assertThatThrownBy(() -> new UpdateGrant(KEY, List.of(), Set.of(UpdatableType.TXT)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
