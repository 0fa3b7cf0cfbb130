package dev.beacon.dns;

import io.netty.buffer.ByteBuf;

/**
 * One DNS message read off the wire and classified, once: header, the single question (with each
 * label's position, so names are compared in place), and EDNS. {@link #read} decides everything
 * a message deserves short of a lookup (drop, FORMERR, NOTIMP, BADVERS, REFUSED, or "look it
 * up"), with bounded work whatever it contains: compression pointers are refused in the question
 * and followed only backwards, a bounded number of times, elsewhere.
 *
 * <p>Mutable and reused: each handler owns one and reads every message into it, so the query path
 * allocates nothing here. Not thread-safe.
 */
final class Query {

    /** What a message deserves, decided by {@link #read}: the one classification of a message. */
    enum Verdict {
        /** A question for the zones: look it up. */
        LOOKUP,
        /** Not worth a reply: too short to carry a header, or itself a response (A1, A2). */
        DROP,
        /** Malformed (A3-A16, A18, B1-B3, B7, B8): FORMERR, header only. */
        FORMERR,
        /** An opcode Beacon does not implement (A17): NOTIMP, header only. */
        NOTIMP,
        /** Signed with TSIG: verify, then answer as {@link #unsigned} says and sign the answer. */
        SIGNED,
        /** AXFR or IXFR of class IN: the transfer path decides (zone, key, source). */
        TRANSFER,
        /** A NOTIFY with one class-IN question: Beacon is a primary and takes none (REFUSED). */
        NOTIFY,
        /** An RFC 2136 UPDATE with one zone: decided once signed (the update service), REFUSED unsigned. */
        UPDATE,
        /** An EDNS version above 0: BADVERS with our version, the question, nothing else (RFC 6891 §6.1.3). */
        BADVERS,
        /** Not class IN, or a TKEY question (A26): REFUSED with the question. */
        REFUSED_QUESTION,
        /** MAILA or MAILB: NOTIMP with the question. */
        NOTIMP_QUESTION,
        /** TSIG or OPT asked for as a question type: FORMERR with the question. */
        FORMERR_QUESTION,
        /** No question, only a COOKIE option: the client asks for a server cookie (RFC 7873 §5.4). */
        COOKIE_ONLY
    }

    /** Most labels a 255-octet name can have. */
    static final int MAX_LABELS = 127;
    /** miekg/dns's bound on compression pointers followed in one name (A11). */
    private static final int MAX_POINTERS = 126;

    int id;
    int opcode;
    boolean rd;
    boolean cd;

    /** Offset of each question label's length byte, first label first. */
    final int[] labelOffsets = new int[MAX_LABELS];
    int labelCount;
    /** Offset just after the question (QNAME, QTYPE, QCLASS): the reply copies [12, questionEnd). */
    int questionEnd;
    int qtype;
    int qclass;

    /** The serial in an IXFR's authority SOA (RFC 1995 §3), or -1 when there is none. */
    long ixfrSerial;
    /** Offset of the TSIG record from the message start, or -1 when unsigned. */
    int tsigOffset;
    /** What a signed message deserves once its TSIG verifies ({@link Verdict#SIGNED} only). */
    Verdict unsigned;

    boolean edns;
    /** Whether the OPT carried a COOKIE option; then {@link #clientCookie} holds its client part. */
    boolean cookie;
    final byte[] clientCookie = new byte[ServerCookies.CLIENT_COOKIE];
    /** The server cookie the client returned, {@link #serverCookieLength} bytes (0: none). */
    final byte[] serverCookie = new byte[32];
    int serverCookieLength;
    int udpSize;
    int ednsVersion;
    boolean dnssecOk;

    Verdict read(ByteBuf in) {
        int start = in.readerIndex();
        int length = in.readableBytes();
        labelCount = 0;
        questionEnd = 0;
        edns = false;
        cookie = false;
        serverCookieLength = 0;
        ednsVersion = 0;
        dnssecOk = false;
        udpSize = Wire.MIN_UDP;
        ixfrSerial = -1;
        tsigOffset = -1;
        unsigned = null;
        if (length < Wire.HEADER) {
            return Verdict.DROP;
        }
        id = in.getUnsignedShort(start);
        int flags = in.getUnsignedShort(start + 2);
        if ((flags & 0x8000) != 0) {
            return Verdict.DROP;
        }
        opcode = flags >>> 11 & 0xF;
        rd = (flags & 0x0100) != 0;
        cd = (flags & 0x0010) != 0;
        int qd = in.getUnsignedShort(start + 4);
        int an = in.getUnsignedShort(start + 6);
        int ns = in.getUnsignedShort(start + 8);
        int ar = in.getUnsignedShort(start + 10);
        if (opcode != Wire.QUERY) {
            return screenOtherOpcode(in, start, length, qd, an + ns, ar);
        }
        if ((flags & 0xF) != 0 || qd != 1 || an != 0 || ns > 1) {
            if (qd == 0 && an == 0 && ns == 0) {
                // A4: no question, but perhaps an OPT; read it so the FORMERR carries one (as NSD).
                Verdict screened = readAdditional(in, start, length, start + Wire.HEADER, ar);
                if (screened == Verdict.LOOKUP && (flags & 0xF) == 0 && cookie && ednsVersion == 0
                        && tsigOffset < 0) {
                    return Verdict.COOKIE_ONLY;
                }
            }
            return Verdict.FORMERR;
        }
        int pos = readQuestion(in, start, length);
        if (pos < 0) {
            return Verdict.FORMERR;
        }
        if (ns == 1) {
            // Only an IXFR carries an authority record: the SOA holding the requester's serial.
            pos = qtype == Wire.IXFR ? readIxfrSoa(in, start, start + length, pos) : -1;
            if (pos < 0) {
                return Verdict.FORMERR;
            }
        }
        Verdict screened = readAdditional(in, start, length, pos, ar);
        if (screened != Verdict.LOOKUP) {
            return screened;
        }
        Verdict verdict = question();
        if (tsigOffset >= 0 && verdict != Verdict.TRANSFER) {
            unsigned = verdict;
            return Verdict.SIGNED;
        }
        return verdict;
    }

    /**
     * A NOTIFY may carry the new SOA as a hint (RFC 1996 §3.7), an UPDATE its prerequisites and
     * updates (RFC 2136 §2), each a TSIG: read past the records to the TSIG, which the update
     * service's reading of them follows.
     */
    private Verdict screenRecords(ByteBuf in, int start, int length, int pos, int records, int ar, Verdict kind) {
        int end = start + length;
        for (int i = 0; i < records && pos >= 0; i++) {
            pos = skipName(in, start, end, pos);
            pos = pos < 0 || pos + 10 > end ? -1 : pos + 10 + in.getUnsignedShort(pos + 8);
            pos = pos > end ? -1 : pos;
        }
        Verdict screened = pos < 0 ? Verdict.FORMERR : readAdditional(in, start, length, pos, ar);
        if (screened != Verdict.LOOKUP) {
            labelCount = 0;
            questionEnd = 0;
            return screened;
        }
        if (tsigOffset >= 0) {
            unsigned = kind;
            return Verdict.SIGNED;
        }
        return kind;
    }

    /** Reads the IXFR authority SOA; returns the offset after it, or -1 when it is not a well-formed SOA. */
    private int readIxfrSoa(ByteBuf in, int start, int end, int pos) {
        pos = skipName(in, start, end, pos);
        if (pos < 0 || pos + 10 > end || in.getUnsignedShort(pos) != Wire.SOA) {
            return -1;
        }
        int rdlength = in.getUnsignedShort(pos + 8);
        int rdata = pos + 10;
        int rdEnd = rdata + rdlength;
        if (rdEnd > end) {
            return -1;
        }
        int p = skipName(in, start, rdEnd, rdata);
        p = p < 0 ? -1 : skipName(in, start, rdEnd, p);
        if (p < 0 || p + 20 != rdEnd) {
            return -1;
        }
        ixfrSerial = in.getUnsignedInt(p);
        return rdEnd;
    }

    /** What a well-formed query's question deserves before any lookup. */
    private Verdict question() {
        if (edns && ednsVersion > 0) {
            return Verdict.BADVERS;
        }
        if (qclass != Wire.IN) {
            return Verdict.REFUSED_QUESTION;
        }
        return switch (qtype) {
            case Wire.AXFR, Wire.IXFR -> Verdict.TRANSFER;
            case Wire.TKEY -> Verdict.REFUSED_QUESTION;
            case Wire.MAILA, Wire.MAILB -> Verdict.NOTIMP_QUESTION;
            case Wire.TSIG, Wire.OPT -> Verdict.FORMERR_QUESTION;
            default -> Verdict.LOOKUP;
        };
    }

    /**
     * A27: UPDATE and NOTIFY must name class IN (an UPDATE of another class is for the update
     * service to answer NOTAUTH); an UPDATE has exactly one zone (RFC 2136 §3.1.1); other opcodes
     * are not implemented.
     */
    private Verdict screenOtherOpcode(ByteBuf in, int start, int length, int qd, int records, int ar) {
        if (opcode == Wire.UPDATE && qd != 1) {
            return Verdict.FORMERR;
        }
        if ((opcode == Wire.UPDATE || opcode == Wire.NOTIFY) && qd == 1) {
            int pos = readQuestion(in, start, length);
            if (pos < 0 || qclass == Wire.CLASS_ANY || qclass == Wire.CLASS_NONE) {
                labelCount = 0;
                questionEnd = 0;
                return Verdict.FORMERR;
            }
            if (opcode == Wire.UPDATE) {
                return screenRecords(in, start, length, pos, records, ar, Verdict.UPDATE);
            }
            if (qclass == Wire.IN) {
                return screenRecords(in, start, length, pos, records, ar, Verdict.NOTIFY);
            }
        }
        labelCount = 0;
        questionEnd = 0;
        return Verdict.NOTIMP;
    }

    /** Reads the question; returns the offset after it, or -1 when malformed. */
    private int readQuestion(ByteBuf in, int start, int length) {
        int pos = start + Wire.HEADER;
        int end = start + length;
        int nameLength = 0;
        while (true) {
            if (pos >= end) {
                return -1;
            }
            int len = in.getUnsignedByte(pos);
            if (len == 0) {
                pos++;
                nameLength++;
                break;
            }
            // 0xC0 is a pointer, refused in a question (A12); 0x40 and 0x80 are reserved (A8).
            if (len > 63) {
                return -1;
            }
            nameLength += len + 1;
            if (nameLength + 1 > Wire.MAX_NAME || labelCount == MAX_LABELS) {
                return -1;
            }
            labelOffsets[labelCount++] = pos - start;
            pos += len + 1;
        }
        if (pos + 4 > end) {
            return -1;
        }
        qtype = in.getUnsignedShort(pos);
        qclass = in.getUnsignedShort(pos + 2);
        pos += 4;
        questionEnd = pos - start;
        return pos;
    }

    private Verdict readAdditional(ByteBuf in, int start, int length, int pos, int count) {
        int end = start + length;
        for (int i = 0; i < count; i++) {
            int ownerStart = pos;
            pos = skipName(in, start, end, pos);
            if (pos < 0 || pos + 10 > end) {
                return Verdict.FORMERR;
            }
            int type = in.getUnsignedShort(pos);
            int rclass = in.getUnsignedShort(pos + 2);
            long ttl = in.getUnsignedInt(pos + 4);
            int rdlength = in.getUnsignedShort(pos + 8);
            int rdata = pos + 10;
            if (rdata + rdlength > end) {
                return Verdict.FORMERR;
            }
            if (type == Wire.OPT) {
                // B1 two OPTs; B2 owner not the root name.
                if (edns || in.getUnsignedByte(ownerStart) != 0 || pos != ownerStart + 1) {
                    return Verdict.FORMERR;
                }
                edns = true;
                udpSize = Math.max(Wire.MIN_UDP, rclass);
                ednsVersion = (int) (ttl >>> 16 & 0xFF);
                dnssecOk = (ttl & 0x8000) != 0;
                if (!optionsWellFormed(in, rdata, rdlength)) {
                    return Verdict.FORMERR;
                }
            } else if (type == Wire.TSIG) {
                // TSIG must be last (RFC 8945 §5.1) (E7).
                if (i != count - 1) {
                    return Verdict.FORMERR;
                }
                tsigOffset = ownerStart - start;
            } else if (Wire.isMetaType(type)) {
                return Verdict.FORMERR;
            }
            pos = rdata + rdlength;
        }
        return pos == end ? Verdict.LOOKUP : Verdict.FORMERR;
    }

    /**
     * B7: each option must fit in the OPT RDATA; B8: a COOKIE is 8 or 16-40 bytes (RFC 7873 §4),
     * and one is kept.
     */
    private boolean optionsWellFormed(ByteBuf in, int pos, int length) {
        int end = pos + length;
        while (pos < end) {
            if (pos + 4 > end) {
                return false;
            }
            int code = in.getUnsignedShort(pos);
            int len = in.getUnsignedShort(pos + 2);
            pos += 4;
            if (pos + len > end) {
                return false;
            }
            if (code == Wire.COOKIE) {
                if (len != 8 && (len < 16 || len > 40)) {
                    return false;
                }
                if (!cookie) {
                    cookie = true;
                    in.getBytes(pos, clientCookie);
                    serverCookieLength = len - ServerCookies.CLIENT_COOKIE;
                    in.getBytes(pos + ServerCookies.CLIENT_COOKIE, serverCookie, 0, serverCookieLength);
                }
            }
            pos += len;
        }
        return true;
    }

    /**
     * Skips a possibly compressed name; returns the offset after it in the record, or -1. Pointers
     * must point backwards (A10), at most {@link #MAX_POINTERS} are followed (A9, A11), and the
     * name may not exceed 255 octets (A7).
     */
    private static int skipName(ByteBuf in, int start, int end, int pos) {
        int after = -1;
        int pointers = 0;
        int nameLength = 0;
        int limit = pos;
        while (true) {
            if (pos >= end) {
                return -1;
            }
            int len = in.getUnsignedByte(pos);
            if (len == 0) {
                return after >= 0 ? after : pos + 1;
            }
            if ((len & 0xC0) == 0xC0) {
                if (pos + 1 >= end || ++pointers > MAX_POINTERS) {
                    return -1;
                }
                int target = start + ((len & 0x3F) << 8 | in.getUnsignedByte(pos + 1));
                if (target >= limit) {
                    return -1;
                }
                if (after < 0) {
                    after = pos + 2;
                }
                limit = target;
                pos = target;
                continue;
            }
            if (len > 63) {
                return -1;
            }
            nameLength += len + 1;
            if (nameLength + 1 > Wire.MAX_NAME) {
                return -1;
            }
            pos += len + 1;
        }
    }
}
