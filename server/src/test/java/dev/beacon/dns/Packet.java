package dev.beacon.dns;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds DNS messages byte by byte, including the broken ones no library would write. */
final class Packet {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Packet header(int id, int flags, int qd, int an, int ns, int ar) {
        return new Packet().u16(id).u16(flags).u16(qd).u16(an).u16(ns).u16(ar);
    }

    /** A standard query: ID 0x1234, RD set, one question, {@code ar} additional records to follow. */
    static Packet query(String name, int type, int ar) {
        return header(0x1234, 0x0100, 1, 0, 0, ar).name(name).u16(type).u16(1);
    }

    /** A dotted name as uncompressed labels ("" or "." is the root). */
    Packet name(String dotted) {
        if (!dotted.isEmpty() && !dotted.equals(".")) {
            for (String label : dotted.split("\\.")) {
                byte[] b = label.getBytes(StandardCharsets.ISO_8859_1);
                out.write(b.length);
                out.writeBytes(b);
            }
        }
        out.write(0);
        return this;
    }

    /** An OPT record: payload size, the TTL field (ext-rcode, version, flags), and options. */
    Packet opt(int payload, long ttl, byte[] options) {
        out.write(0);
        u16(41).u16(payload).u32(ttl).u16(options.length);
        out.writeBytes(options);
        return this;
    }

    Packet opt(int payload) {
        return opt(payload, 0, new byte[0]);
    }

    Packet u8(int v) {
        out.write(v);
        return this;
    }

    Packet u16(int v) {
        out.write(v >>> 8 & 0xFF);
        out.write(v & 0xFF);
        return this;
    }

    Packet u32(long v) {
        return u16((int) (v >>> 16 & 0xFFFF)).u16((int) (v & 0xFFFF));
    }

    Packet bytes(int... values) {
        for (int v : values) {
            out.write(v);
        }
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] build() {
        return out.toByteArray();
    }

    static byte[] option(int code, int... data) {
        Packet p = new Packet().u16(code).u16(data.length).bytes(data);
        return p.build();
    }
}
