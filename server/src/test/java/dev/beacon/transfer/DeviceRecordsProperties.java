package dev.beacon.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beacon.ip.IpLiteral;
import dev.beacon.record.Addresses;
import dev.beacon.record.NameRecord;
import dev.beacon.token.DeviceId;
import dev.beacon.tsig.DnsName;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * AXFR writes device records straight into the message; IXFR compares them as {@link ZoneRr}s.
 * Both must be the same records, or a secondary's copy drifts from the zone.
 */
class DeviceRecordsProperties {

    @Property(tries = 300)
    void theDirectWriterWritesTheRecordsZoneRrsLists(
            @ForAll @AlphaChars @NumericChars @StringLength(min = 1, max = 63) String label,
            @ForAll boolean v4, @ForAll boolean v6,
            @ForAll @Size(max = 4) List<@AlphaChars @StringLength(min = 1, max = 255) String> txt,
            @ForAll boolean beyondPointerReach) {
        Addresses a = Addresses.NONE;
        if (v4) {
            a = a.merge(Addresses.of(IpLiteral.parse("198.51.100.7")));
        }
        if (v6) {
            a = a.merge(Addresses.of(IpLiteral.parse("2001:db8::7")));
        }
        String owner = label.toLowerCase(java.util.Locale.ROOT);
        NameRecord record = new NameRecord("ddns.test", owner, DeviceId.parse("SN-1"), a, Map.of(), txt, "", "", 1, 1, 1);

        // Far into a large message, where a pointer can no longer reach the name written first.
        int filler = beyondPointerReach ? 1 : 0;
        ByteBuf direct = message(filler);
        int count = DeviceRecords.write(record, 60, direct, 0) + filler;
        ByteBuf listed = message(filler);
        List<ZoneRr> rrs = ZoneRrs.of(record, dev.beacon.zone.Zone.of("ddns.test",
                dev.beacon.zone.ZonePolicy.defaults(), Map.of(), List.of()));
        rrs.forEach(rr -> rr.write(listed));

        assertThat(count).isEqualTo(rrs.size() + filler);
        assertThat(lines(direct, count)).isEqualTo(lines(listed, rrs.size() + filler));
    }

    /** A message with the question, and {@code fillers} records of 16,400 bytes (type NULL) first. */
    private static ByteBuf message(int fillers) {
        ByteBuf out = Unpooled.buffer();
        out.writeShort(1).writeShort(0x8400).writeShort(1).writeShort(0).writeShort(0).writeShort(0);
        out.writeBytes(DnsName.wire("ddns.test")).writeShort(252).writeShort(1);
        for (int i = 0; i < fillers; i++) {
            new ZoneRr("filler", 10, 0, new byte[16_400]).write(out);
        }
        return out;
    }

    private static List<String> lines(ByteBuf message, int answers) {
        message.setShort(6, answers);
        try {
            Message parsed = new Message(ByteBufUtil.getBytes(message));
            List<String> out = new ArrayList<>();
            for (Record r : parsed.getSection(Section.ANSWER)) {
                out.add(r.toString());
            }
            return out;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
