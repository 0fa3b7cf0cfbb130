package dev.beacon.update;

import dev.beacon.dns.Wire;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.beacon.record.Addresses;
import dev.beacon.record.NameRecord;
import dev.beacon.registry.NameEdit;
import dev.beacon.token.DeviceId;
import dev.beacon.tsig.TsigKey;
import dev.beacon.zone.UpdatableType;
import dev.beacon.zone.UpdateGrant;
import dev.beacon.zone.Zone;
import dev.beacon.zone.ZonePolicy;
import dev.beacon.zone.ZoneUpdates;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * The update path past its TSIG on any message: read, checked against a key granted every type at
 * every place, and decided against a zone where a device holds every name (with an address and a
 * TXT value), it ends in a plan's result or an RCODE, never in another exception. The suite runs the seeds in {@code UpdateReaderFuzzTestInputs}; {@code
 * bench/fuzz.sh} fuzzes it.
 */
class UpdateReaderFuzzTest {

    private static final TsigKey KEY = TsigKey.of("k", "hmac-sha256", NsupdateIT.FLEET_SECRET);
    private static final Zone ZONE = grantingEverything();

    private static Zone grantingEverything() {
        Zone z = Zone.of("ddns.test", ZonePolicy.defaults(), Map.of(), List.of());
        ZoneUpdates updates = new ZoneUpdates(List.of(
                new UpdateGrant(KEY, List.of("*"), EnumSet.of(UpdatableType.A, UpdatableType.AAAA, UpdatableType.TXT,
                        UpdatableType.CNAME, UpdatableType.MX)),
                new UpdateGrant(KEY, List.of("_acme-challenge", "*"), EnumSet.of(UpdatableType.TXT)),
                new UpdateGrant(KEY, List.of("*", "*", "*"), EnumSet.of(UpdatableType.SRV, UpdatableType.TLSA))));
        return z.withUpdates(updates);
    }

    private static NameRecord held(String label) {
        return new NameRecord("ddns.test", label, DeviceId.parse("SN-1"), Addresses.ofBits(true, 0x0A000001, false, 0, 0),
                Map.of(), List.of("value"), "", "", 0, 0, 0);
    }

    @FuzzTest(maxDuration = "60m", maxExecutions = 10_000_000)
    void anyMessageIsDecidedOrGetsAnRcode(byte[] data) {
        if (data.length < 12) {
            return;
        }
        try {
            UpdateMessage message = UpdateMessage.read(data, data.length);
            NameEdit.Result result = UpdateChecks.plan(ZONE, KEY, message, "192.0.2.1").apply(UpdateReaderFuzzTest::held, 0);
            assertThat(result).isNotNull();
        } catch (UpdateError e) {
            assertThat(e.rcode()).isIn(Wire.FORMERR, Wire.NOTAUTH, Wire.NOTZONE, Wire.REFUSED);
        }
    }
}
