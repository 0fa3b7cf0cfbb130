package dev.beacon.checkpoint;

import dev.beacon.record.Addresses;
import dev.beacon.record.ExtraRecord;
import dev.beacon.record.InterfaceId;
import dev.beacon.record.NameExtras;
import dev.beacon.record.NameRecord;
import dev.beacon.record.StringPool;
import dev.beacon.registry.RegistrySnapshot;
import dev.beacon.registry.ZoneState;
import dev.beacon.token.DeviceId;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * The registry's records in one file, written whole or not at all: a temporary file beside it,
 * synced, then renamed over it. Binary, about 60 bytes a name, read back in one pass.
 *
 * <p>Layout: the magic {@code BCNCKPT\n}, the format version, the journal position and the stamp
 * of its entry, the distinct User-Agents, then each zone's name, record count and records; last,
 * a CRC-32C of everything before it, so a torn or damaged file is never mistaken for a state.
 * Strings are UTF-8 after a varint length; counts are varints.
 */
public final class CheckpointFile {

    private static final byte[] MAGIC = "BCNCKPT\n".getBytes(StandardCharsets.US_ASCII);
    /** Bumped whenever the layout changes: a file of another version is not read, only replaced. */
    static final int FORMAT = 5;
    private static final int HAS_V4 = 1;
    private static final int HAS_V6 = 2;
    /** Format 2: the record's IPv6 address follows its prefix; its interface id comes after the addresses. */
    private static final int HAS_INTERFACE_ID = 4;
    /** Format 3: the record has a TTL of its own, after the interface id. */
    private static final int HAS_TTL = 8;
    /** Format 4: the record has CNAME or MX records, as lines, after the TTL. */
    private static final int HAS_RECORDS = 16;
    /** Format 5: when each TXT value was set, after the records. */
    private static final int HAS_TXT_TIMES = 32;
    private static final long ABANDONED_AFTER_MILLIS = 10 * 60 * 1000;

    private final Path path;

    public CheckpointFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** Replaces the file with the records of {@code snapshot}, at its position, whose entry has {@code stamp}. */
    public void write(RegistrySnapshot snapshot, String stamp) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        removeAbandoned(dir);
        Path temp = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? Files.createTempFile(dir, path.getFileName() + ".", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, path.getFileName() + ".", ".tmp");
        try {
            try (FileOutputStream file = new FileOutputStream(temp.toFile())) {
                CRC32C crc = new CRC32C();
                DataOutputStream out = new DataOutputStream(
                        new BufferedOutputStream(new CheckedOutputStream(file, crc), 1 << 16));
                writeBody(out, snapshot, stamp);
                out.flush();
                new DataOutputStream(file).writeLong(crc.getValue());
                file.getChannel().force(true);
            }
            try {
                Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + path + " atomically: " + e.getMessage(), e);
            }
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Deletes temporary files a killed process left (a write takes seconds, not ten minutes; a
     * younger one may be another process's write in progress).
     */
    private void removeAbandoned(Path dir) throws IOException {
        String prefix = path.getFileName() + ".";
        long before = System.currentTimeMillis() - ABANDONED_AFTER_MILLIS;
        try (var files = Files.newDirectoryStream(dir, prefix + "*.tmp")) {
            for (Path file : files) {
                if (Files.getLastModifiedTime(file).toMillis() < before) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static void writeBody(DataOutputStream out, RegistrySnapshot snapshot, String stamp) throws IOException {
        out.write(MAGIC);
        out.writeInt(FORMAT);
        out.writeLong(snapshot.position());
        writeString(out, stamp);
        // A fleet has a few hundred User-Agents for a million names: each kept once, named by index.
        Map<String, Integer> agents = new LinkedHashMap<>();
        List<ZoneState> zones = new ArrayList<>();
        for (ZoneState zone : snapshot.zones()) {
            zones.add(zone);
            zone.forEach(r -> agents.putIfAbsent(r.userAgent(), agents.size()));
        }
        writeVarint(out, agents.size());
        for (String agent : agents.keySet()) {
            writeString(out, agent);
        }
        writeVarint(out, zones.size());
        for (ZoneState zone : zones) {
            writeString(out, zone.zone().name());
            writeVarint(out, zone.size());
            var records = zone.records();
            while (records.hasNext()) {
                writeRecord(out, records.next(), agents);
            }
        }
    }

    private static void writeRecord(DataOutputStream out, NameRecord r, Map<String, Integer> agents)
            throws IOException {
        writeString(out, r.label());
        writeString(out, r.device().value());
        Addresses a = r.addresses();
        InterfaceId iid = r.interfaceId();
        out.writeByte((a.hasV4() ? HAS_V4 : 0) | (a.hasV6() ? HAS_V6 : 0) | (iid != null ? HAS_INTERFACE_ID : 0)
                | (r.ttl() != 0 ? HAS_TTL : 0) | (r.records().isEmpty() ? 0 : HAS_RECORDS)
                | (r.extras() == null || r.extras().txtSetAt().isEmpty() ? 0 : HAS_TXT_TIMES));
        if (a.hasV4()) {
            out.writeInt(a.v4Bits());
        }
        if (a.hasV6()) {
            out.writeLong(a.v6High());
            out.writeLong(a.v6Low());
        }
        if (iid != null) {
            out.writeLong(iid.high());
            out.writeLong(iid.low());
            out.writeByte(iid.prefixLength());
        }
        if (r.ttl() != 0) {
            writeVarint(out, r.ttl());
        }
        if (!r.records().isEmpty()) {
            writeVarint(out, r.records().size());
            for (ExtraRecord extra : r.records()) {
                writeString(out, extra.line());
            }
        }
        if (r.extras() != null && !r.extras().txtSetAt().isEmpty()) {
            writeVarint(out, r.extras().txtSetAt().size());
            for (long t : r.extras().txtSetAt()) {
                out.writeLong(t);
            }
        }
        writeVarint(out, r.fields().size());
        for (Map.Entry<String, String> f : r.fields().entrySet()) {
            writeString(out, f.getKey());
            writeString(out, f.getValue());
        }
        writeVarint(out, r.txt().size());
        for (String t : r.txt()) {
            writeString(out, t);
        }
        writeVarint(out, agents.get(r.userAgent()));
        writeString(out, r.source());
        out.writeLong(r.createdMillis());
        out.writeLong(r.updatedMillis());
        out.writeLong(r.seq());
    }

    /**
     * The checkpoint the file holds.
     *
     * @throws CheckpointUnusable when there is none, or it is damaged or of another format version
     */
    public Checkpoint read() throws CheckpointUnusable {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < MAGIC.length + 4 + 8) {
                throw new CheckpointUnusable(path + " is too short to be a checkpoint (" + size + " bytes)");
            }
            if (size > Integer.MAX_VALUE) {
                throw new CheckpointUnusable(path + " is larger than one mapping can read (" + size + " bytes)");
            }
            ByteBuffer in = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new CheckpointUnusable(path + " is not a Beacon checkpoint");
            }
            int format = in.getInt();
            if (format != FORMAT) {
                throw new CheckpointUnusable(path + " is of checkpoint format " + format + ", this Beacon reads " + FORMAT);
            }
            CRC32C crc = new CRC32C();
            crc.update(in.duplicate().position(0).limit((int) size - 8));
            if (crc.getValue() != in.getLong((int) size - 8)) {
                throw new CheckpointUnusable(path + " is damaged (its checksum does not match)");
            }
            in.limit((int) size - 8);
            return readBody(in);
        } catch (NoSuchFileException e) {
            throw new CheckpointUnusable("there is no checkpoint at " + path);
        } catch (IOException e) {
            throw new CheckpointUnusable("cannot read " + path + ": " + e.getMessage(), e);
        } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
            // Past the checksum only a file written by something else gets here.
            throw new CheckpointUnusable(path + " does not hold a valid checkpoint: " + e, e);
        }
    }

    private static Checkpoint readBody(ByteBuffer in) {
        Strings strings = new Strings(in);
        long position = in.getLong();
        String stamp = strings.next();
        String[] agents = new String[readCount(in)];
        for (int i = 0; i < agents.length; i++) {
            agents[i] = strings.next();
        }
        int zoneCount = readCount(in);
        Set<String> zones = new HashSet<>();
        List<NameRecord> records = new ArrayList<>();
        for (int z = 0; z < zoneCount; z++) {
            String zone = strings.next();
            zones.add(zone);
            int count = readCount(in);
            for (int i = 0; i < count; i++) {
                records.add(readRecord(in, strings, zone, agents));
            }
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException(in.remaining() + " bytes after the last zone");
        }
        return new Checkpoint(position, stamp, zones, records);
    }

    private static NameRecord readRecord(ByteBuffer in, Strings strings, String zone, String[] agents) {
        String label = strings.next();
        DeviceId device = new DeviceId(strings.next());
        int families = in.get();
        boolean v4 = (families & HAS_V4) != 0;
        boolean v6 = (families & HAS_V6) != 0;
        int v4Bits = v4 ? in.getInt() : 0;
        long high = v6 ? in.getLong() : 0;
        long low = v6 ? in.getLong() : 0;
        InterfaceId iid = (families & HAS_INTERFACE_ID) != 0 ? new InterfaceId(in.getLong(), in.getLong(), in.get()) : null;
        int ttl = (families & HAS_TTL) != 0 ? readVarint(in) : 0;
        List<ExtraRecord> extras = List.of();
        if ((families & HAS_RECORDS) != 0) {
            int count = readCount(in);
            extras = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String line = strings.next();
                ExtraRecord extra = ExtraRecord.parseLine(line);
                if (extra == null) {
                    throw new IllegalArgumentException("not a record: " + line);
                }
                extras.add(extra);
            }
        }
        List<Long> txtTimes = List.of();
        if ((families & HAS_TXT_TIMES) != 0) {
            int count = readCount(in);
            txtTimes = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                txtTimes.add(in.getLong());
            }
        }
        int fieldCount = readCount(in);
        Map<String, String> fields = fieldCount == 0 ? Map.of() : new TreeMap<>();
        for (int i = 0; i < fieldCount; i++) {
            fields.put(strings.shared(strings.next()), strings.next());
        }
        int txtCount = readCount(in);
        List<String> txt = txtCount == 0 ? List.of() : new ArrayList<>();
        for (int i = 0; i < txtCount; i++) {
            txt.add(strings.next());
        }
        String agent = agents[readVarint(in)];
        Addresses addresses = Addresses.ofBits(v4, v4Bits, v6, high, low);
        String source = strings.next();
        // A source that is the name's own address is not kept (NameRecord writes it again when
        // asked), so it need not take one of the pool's places from a value that does repeat.
        if (!addresses.isV4Text(source)) {
            source = strings.shared(source);
        }
        return new NameRecord(zone, label, device, addresses, NameExtras.of(iid, ttl, extras, txtTimes), fields, txt, agent, source,
                in.getLong(), in.getLong(), in.getLong());
    }

    /** Decodes the file's strings through one reused buffer. */
    private static final class Strings {
        private final ByteBuffer in;
        private final StringPool pool = new StringPool(StringPool.LOAD_CAPACITY);
        private byte[] scratch = new byte[256];

        Strings(ByteBuffer in) {
            this.in = in;
        }

        String next() {
            int length = readCount(in);
            if (length > scratch.length) {
                scratch = new byte[Math.max(length, scratch.length * 2)];
            }
            in.get(scratch, 0, length);
            return new String(scratch, 0, length, StandardCharsets.UTF_8);
        }

        /** One copy of {@code value} for all equal ones read: for values that repeat across records. */
        String shared(String value) {
            return pool.of(value);
        }
    }

    private static void writeString(OutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        writeVarint(out, bytes.length);
        out.write(bytes);
    }

    private static void writeVarint(OutputStream out, int value) throws IOException {
        int v = value;
        while ((v & ~0x7F) != 0) {
            out.write(v & 0x7F | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    /**
     * A count or length as {@link #writeVarint} writes them. Each thing counted takes at least a
     * byte, so one larger than the bytes left is refused before anything is allocated for it.
     */
    private static int readCount(ByteBuffer in) {
        int value = readVarint(in);
        if (value > in.remaining()) {
            throw new IllegalArgumentException("a count of " + value + " with " + in.remaining() + " bytes left");
        }
        return value;
    }

    /** A non-negative varint. */
    private static int readVarint(ByteBuffer in) {
        int value = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            byte b = in.get();
            value |= (b & 0x7F) << shift;
            if (b >= 0) {
                if (value < 0) {
                    throw new IllegalArgumentException("a negative count");
                }
                return value;
            }
        }
        throw new IllegalArgumentException("a count longer than five bytes");
    }

    private static void syncDirectory(Path dir) throws IOException {
        // The rename is durable only once the directory is.
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
