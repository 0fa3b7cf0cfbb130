package dev.beacon.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beacon.ip.IpLiteral;
import dev.beacon.record.Addresses;
import dev.beacon.record.ExtraRecord;
import dev.beacon.record.InterfaceId;
import dev.beacon.record.NameExtras;
import dev.beacon.record.NameRecord;
import dev.beacon.record.StringPool;
import dev.beacon.registry.RegistrySnapshot;
import dev.beacon.token.DeviceId;
import dev.beacon.zone.Zone;
import dev.beacon.zone.ZonePolicy;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint file gives back exactly what was written, or says why it cannot. */
class CheckpointFileTest {

    private static final Zone ZONE = Zone.of("ddns.test", ZonePolicy.defaults(), Map.of(), List.of());
    private static final Zone EMPTY = Zone.of("empty.test", ZonePolicy.defaults(), Map.of(), List.of());
    private static final String STAMP = "ab".repeat(32);

    @TempDir
    Path dir;

    @Test
    void everyFieldOfEveryRecordReadsBackAsWritten() throws Exception {
        List<NameRecord> records = List.of(
                record("v4", "E0:46:9A:B8:1B:FC", Addresses.of(IpLiteral.parse("198.51.100.7")), Map.of(), List.of(),
                        "Acme - Cam X1 - 1.0.3", "203.0.113.9"),
                record("v6", "SN-2", Addresses.of(IpLiteral.parse("2001:db8::1")), Map.of("port", "8080", "fw", "1.0 β"),
                        List.of("acme-value", "second value"), "", ""),
                record("both", "Ünïcode-serial", Addresses.of(IpLiteral.parse("192.0.2.1"))
                        .merge(Addresses.of(IpLiteral.parse("2001:db8::2"))), Map.of(), List.of(), "x".repeat(3000),
                        "2001:db8::9"),
                record("none", "SN-4", Addresses.NONE, Map.of(), List.of(), "Acme - Cam X1 - 1.0.3", "198.51.100.1"),
                new NameRecord("ddns.test", "host1", DeviceId.parse("SN-ROUTER"), Addresses.of(IpLiteral.parse("2001:db8:1:2::5")),
                        NameExtras.of(InterfaceId.parse("::5/56"), 0), Map.of(), List.of(), "", "", 1, 2, 3),
                new NameRecord("ddns.test", "ttl", DeviceId.parse("SN-TTL"), Addresses.of(IpLiteral.parse("192.0.2.9")),
                        NameExtras.of(null, 86_400), Map.of(), List.of(), "", "", 1, 2, 3),
                new NameRecord("ddns.test", "alias", DeviceId.parse("SN-CN"), Addresses.NONE,
                        NameExtras.of(null, 0, List.of(ExtraRecord.parse(ExtraRecord.Kind.CNAME, "cam2.example.com"))),
                        Map.of(), List.of(), "", "", 1, 2, 3),
                new NameRecord("ddns.test", "mail", DeviceId.parse("SN-MX"), Addresses.of(IpLiteral.parse("192.0.2.25")),
                        NameExtras.of(null, 0, List.of(ExtraRecord.parse(ExtraRecord.Kind.MX, "10 mail.example.com"))),
                        Map.of(), List.of(), "", "", 1, 2, 3),
                new NameRecord("ddns.test", "acme", DeviceId.parse("SN-ACME"), Addresses.NONE,
                        NameExtras.of(null, 0, List.of(), List.of(1_700_000_000_001L, 1_700_000_000_002L)),
                        Map.of(), List.of("one", "two"), "", "", 1, 2, 3),
                new NameRecord("ddns.test", "host2", DeviceId.parse("SN-ROUTER"), Addresses.NONE,
                        NameExtras.of(InterfaceId.parse("::1234:5678:9abc:def0"), 300), Map.of(), List.of(), "", "", 1, 2, 3));
        CheckpointFile file = new CheckpointFile(dir.resolve("registry.checkpoint"));

        file.write(RegistrySnapshot.load(List.of(ZONE, EMPTY), records, Map.of("ddns.test", 40L), 42), STAMP);
        Checkpoint read = file.read();

        assertThat(read.position()).isEqualTo(42);
        assertThat(read.stamp()).isEqualTo(STAMP);
        assertThat(read.zones()).containsExactlyInAnyOrder("ddns.test", "empty.test");
        assertThat(read.records()).containsExactlyInAnyOrderElementsOf(records);
    }

    @Test
    void aFleetOfManyUserAgentsReadsBack() throws Exception {
        List<NameRecord> records = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            records.add(record("cam" + i, "SN-" + i, Addresses.of(IpLiteral.parse("198.51.100." + (i % 250))), Map.of(),
                    List.of(), "Acme - Cam - 1." + i, ""));
        }
        CheckpointFile file = new CheckpointFile(dir.resolve("registry.checkpoint"));

        file.write(RegistrySnapshot.load(List.of(ZONE), records, Map.of(), 300), STAMP);

        assertThat(file.read().records()).containsExactlyInAnyOrderElementsOf(records);
    }

    @Test
    void recordsWithTheSameSourceShareOneCopyOfItOnceRead() throws Exception {
        List<NameRecord> records = List.of(
                record("cam1", "SN-1", Addresses.NONE, Map.of("port", "80"), List.of(), "", new String("import")),
                record("cam2", "SN-2", Addresses.NONE, Map.of("port", "81"), List.of(), "", new String("import")));
        CheckpointFile file = new CheckpointFile(dir.resolve("registry.checkpoint"));

        file.write(RegistrySnapshot.load(List.of(ZONE), records, Map.of(), 2), STAMP);
        List<NameRecord> read = file.read().records();

        assertThat(read.get(0).source()).isEqualTo("import").isSameAs(read.get(1).source());
        assertThat(read.get(0).fields().keySet().iterator().next())
                .isSameAs(read.get(1).fields().keySet().iterator().next());
    }

    @Test
    void sourcesThatAreTheNamesOwnAddressesDoNotCrowdOutOnesThatRepeat() throws Exception {
        // Three times as many devices updating from their own address as the pool has places, and
        // sixteen pairs of devices, each pair behind a NAT address of its own: each pair shares one
        // copy. A zone writes its names in table order, so pairs fall anywhere in the file; were
        // the own addresses pooled, the pool would fill a third of the way in and most pairs
        // would be read after that.
        List<NameRecord> records = new java.util.ArrayList<>();
        for (int i = 0; i < 3 * StringPool.LOAD_CAPACITY; i++) {
            String ip = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
            records.add(record("own" + i, "SN-" + i, Addresses.of(IpLiteral.parse(ip)), Map.of(), List.of(), "", ip));
        }
        for (int pair = 0; pair < 16; pair++) {
            for (String side : List.of("a", "b")) {
                records.add(record("nat" + pair + side, "SN-NAT" + pair + side, Addresses.NONE, Map.of(), List.of(), "",
                        new String("198.51.100." + pair)));
            }
        }
        CheckpointFile file = new CheckpointFile(dir.resolve("registry.checkpoint"));

        file.write(RegistrySnapshot.load(List.of(ZONE), records, Map.of(), 2), STAMP);
        Map<String, NameRecord> read = new java.util.HashMap<>();
        file.read().records().forEach(r -> read.put(r.label(), r));

        for (int pair = 0; pair < 16; pair++) {
            assertThat(read.get("nat" + pair + "a").source()).isEqualTo("198.51.100." + pair)
                    .isSameAs(read.get("nat" + pair + "b").source());
        }
        assertThat(read.get("own65536").source()).isEqualTo("10.1.0.0");
    }

    @Test
    void aCountLargerThanTheFileIsRefusedBeforeAnythingIsAllocatedForIt() throws Exception {
        // A file whose checksum is right but whose User-Agent count says two billion.
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(body);
        out.write("BCNCKPT\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.writeInt(CheckpointFile.FORMAT);
        out.writeLong(7);
        out.write(new byte[] {0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07});
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(body.toByteArray());
        out.writeLong(crc.getValue());
        CheckpointFile file = new CheckpointFile(dir.resolve("registry.checkpoint"));
        Files.write(file.path(), body.toByteArray());

        assertThatThrownBy(file::read).isInstanceOf(CheckpointUnusable.class).hasMessageContaining("a count of 2147483647");
    }

    @Test
    void theFileIsReplacedWholeAndOnlyItsOwnerMayReadIt() throws Exception {
        CheckpointFile file = new CheckpointFile(dir.resolve("registry.checkpoint"));
        file.write(snapshot(7), STAMP);
        file.write(snapshot(9), STAMP);

        assertThat(file.read().position()).isEqualTo(9);
        try (var listing = Files.list(dir)) {
            assertThat(listing).containsExactly(file.path());
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
    }

    @Test
    void aWriteRemovesTheTemporaryFileAKilledWriteLeftBehind() throws Exception {
        CheckpointFile file = new CheckpointFile(dir.resolve("registry.checkpoint"));
        Path abandoned = Files.writeString(dir.resolve("registry.checkpoint.123456.tmp"), "half a checkpoint");
        Files.setLastModifiedTime(abandoned, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));

        file.write(snapshot(7), STAMP);

        assertThat(abandoned).doesNotExist();
        assertThat(file.read().position()).isEqualTo(7);
    }

    @Test
    void noFileIsSaidSo() {
        CheckpointFile file = new CheckpointFile(dir.resolve("registry.checkpoint"));
        assertThatThrownBy(file::read).isInstanceOf(CheckpointUnusable.class).hasMessageContaining("there is no checkpoint");
    }

    @Test
    void aTruncatedFileIsDamaged() throws Exception {
        CheckpointFile file = new CheckpointFile(dir.resolve("registry.checkpoint"));
        file.write(snapshot(7), STAMP);
        byte[] bytes = Files.readAllBytes(file.path());
        Files.write(file.path(), Arrays.copyOf(bytes, bytes.length - 20));

        assertThatThrownBy(file::read).isInstanceOf(CheckpointUnusable.class).hasMessageContaining("damaged");
    }

    @Test
    void anyChangedByteIsDamage() throws Exception {
        CheckpointFile file = new CheckpointFile(dir.resolve("registry.checkpoint"));
        file.write(snapshot(7), STAMP);
        byte[] bytes = Files.readAllBytes(file.path());
        for (int at = 12; at < bytes.length; at += 7) {
            byte[] changed = bytes.clone();
            changed[at] ^= 0x01;
            Files.write(file.path(), changed);
            assertThatThrownBy(file::read).as("byte %d", at).isInstanceOf(CheckpointUnusable.class);
        }
    }

    @Test
    void aFileOfAnotherFormatVersionIsNotRead() throws Exception {
        CheckpointFile file = new CheckpointFile(dir.resolve("registry.checkpoint"));
        file.write(snapshot(7), STAMP);
        byte[] bytes = Files.readAllBytes(file.path());
        ByteBuffer.wrap(bytes).putInt(8, CheckpointFile.FORMAT + 1);
        Files.write(file.path(), bytes);

        assertThatThrownBy(file::read).isInstanceOf(CheckpointUnusable.class)
                .hasMessageContaining("format " + (CheckpointFile.FORMAT + 1));
    }

    @Test
    void aFileThatIsNoCheckpointIsSaidSo() throws Exception {
        CheckpointFile file = new CheckpointFile(dir.resolve("registry.checkpoint"));
        Files.writeString(file.path(), "zones:\n  - name: ddns.test\n");

        assertThatThrownBy(file::read).isInstanceOf(CheckpointUnusable.class)
                .hasMessageContaining("is not a Beacon checkpoint");
    }

    private static RegistrySnapshot snapshot(long position) {
        return RegistrySnapshot.load(List.of(ZONE), List.of(
                record("cam1", "SN-1", Addresses.of(IpLiteral.parse("198.51.100.1")), Map.of(), List.of(), "ua", "")),
                Map.of(), position);
    }

    private static NameRecord record(String label, String device, Addresses addresses, Map<String, String> fields,
            List<String> txt, String agent, String source) {
        return new NameRecord("ddns.test", label, DeviceId.parse(device), addresses, fields, txt, agent, source,
                1_700_000_000_000L + label.length(), 1_700_000_100_000L, 31 + label.length());
    }
}
