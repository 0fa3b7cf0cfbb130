package dev.beacon.dns;

import dev.beacon.logging.ThrottledLog;
import dev.beacon.record.Addresses;
import dev.beacon.record.ExtraRecord;
import dev.beacon.record.NameRecord;
import dev.beacon.registry.LabelMatcher;
import dev.beacon.registry.RegistrySnapshot;
import dev.beacon.registry.ZoneState;
import dev.beacon.tsig.TsigCheck;
import dev.beacon.tsig.TsigError;
import dev.beacon.tsig.TsigRecord;
import dev.beacon.tsig.TsigSigner;
import dev.beacon.tsig.TsigVerifier;
import dev.beacon.zone.Soa;
import dev.beacon.zone.Zone;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The authoritative query path, bytes in and bytes out: screen the message ({@link Query}), find
 * the longest matching zone, look the name up in one registry snapshot ({@link Lookup}), and
 * encode the answer once, compressed against the question (RFC 1035 §4.1.4). Every reply reads
 * a single snapshot, so a record and the SOA serial beside it always belong together.
 *
 * <p>Thread-safe (the snapshot supplier is a volatile read); each calling thread brings its own
 * {@link Query} and {@link Scratch}, so the common path allocates nothing but its reply buffer.
 */
final class Responder {

    private static final int QR = 0x8000;
    private static final int AA = 0x0400;
    private static final int TC = 0x0200;
    private static final int RD = 0x0100;
    private static final int CD = 0x0010;

    /** Per-thread working space: the question's first label, lowercased, and its String hash. */
    static final class Scratch implements LabelMatcher {
        final byte[] label = new byte[63];
        /** The question is copied through here: direct-to-direct copies make Netty allocate. */
        final byte[] question = new byte[Wire.MAX_NAME + 4];
        int length;
        int hash;
        /** The transfer request {@link #respond} returned {@link #TRANSFER} for. */
        TransferRequest transfer;
        /** The update {@link #respond} returned {@link #UPDATE} for, and how its answer is written. */
        UpdateRequest update;
        UpdateAnswer updateAnswer;
        /** The zone the question fell in, as a rate-limit kind (0: none). */
        long zoneKind;
        /** Whether the query returned a server cookie this server made for its address. */
        boolean cookieVerified;
        final byte[] cookieWork = new byte[40];
        final byte[] replyCookie = new byte[ServerCookies.CLIENT_COOKIE + ServerCookies.SERVER_COOKIE];

        @Override
        public boolean matches(String key) {
            if (key.length() != length) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if (key.charAt(i) != label[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    private final DnsCounters counters;
    private final Supplier<RegistrySnapshot> snapshots;
    private final List<ApexData> zones;
    private final int maxUdpPayload;
    private final TsigVerifier verifier;
    private final TransferService transfers;
    private final UpdateService updates;
    private final Clock clock;
    private final ThrottledLog refusals;
    /** The catalog zone's fixed state, or null. */
    private final ZoneState catalog;
    /** Null when cookies are off. */
    private final ServerCookies cookies;
    /** Null when response rate limiting is off. */
    private final ResponseRateLimit rateLimit;

    Responder(Supplier<RegistrySnapshot> snapshots, List<Zone> configured, int maxUdpPayload, TransferSupport support,
            DnsCounters counters, ServerCookies cookies, ResponseRateLimit rateLimit) {
        this.counters = counters;
        this.cookies = cookies;
        this.rateLimit = rateLimit;
        this.snapshots = snapshots;
        this.catalog = support.catalog();
        this.verifier = new TsigVerifier(support.keys(), support.clock());
        this.transfers = support.transfers();
        this.updates = support.updates();
        this.clock = support.clock();
        this.refusals = support.refusals();
        List<ApexData> apexes = new ArrayList<>();
        for (Zone zone : configured) {
            apexes.add(new ApexData(zone));
        }
        if (catalog != null) {
            apexes.add(new ApexData(catalog.zone()));
        }
        // Longest apex first, so the first match is the most specific zone.
        apexes.sort(Comparator.comparingInt((ApexData a) -> a.apexLabels.length).reversed());
        this.zones = List.copyOf(apexes);
        this.maxUdpPayload = maxUdpPayload;
    }

    /** {@link #respond}: the message deserves no reply. */
    static final int NO_REPLY = 0;
    /** {@link #respond}: the reply is in {@code out}. */
    static final int REPLIED = 1;
    /** {@link #respond}: a transfer over TCP, in {@link Scratch#transfer}, for the transfer service. */
    static final int TRANSFER = 2;
    /** {@link #respond}: a signed update, in {@link Scratch#update}, answered later by {@link #update}. */
    static final int UPDATE = 3;

    /**
     * Reads one message from {@code in} (its readable bytes) and writes the reply to {@code out}.
     *
     * @param limit how large the reply may be on its transport; a longer one is truncated
     * @param source the sender, which transfer rules may name
     * @param tcp whether the message came over TCP (transfers are streamed only there)
     * @return {@link #NO_REPLY}, {@link #REPLIED} or {@link #TRANSFER}
     */
    int respond(ByteBuf in, Query q, Scratch scratch, ReplyLimit limit, ByteBuf out, InetAddress source, boolean tcp) {
        int base = out.writerIndex();
        scratch.zoneKind = 0;
        scratch.cookieVerified = false;
        int outcome = reply(in, q, scratch, limit, out, source, tcp);
        if (outcome == REPLIED && q.cookie && cookies != null && q.tsigOffset < 0) {
            checkCookie(q, scratch, source);
        }
        if (outcome == REPLIED && !tcp && rateLimit != null && !scratch.cookieVerified) {
            ResponseRateLimit.Action action = rateLimit.admit(source, kind(in, q, scratch, out, base),
                    System.nanoTime() >>> 30);
            if (action == ResponseRateLimit.Action.SLIP && q.questionEnd == 0) {
                // A reply without a question cannot be truncated into anything useful.
                action = ResponseRateLimit.Action.DROP;
            }
            if (action != ResponseRateLimit.Action.SEND) {
                counters.rateLimited(action);
                if (action == ResponseRateLimit.Action.DROP) {
                    out.writerIndex(base);
                    return NO_REPLY;
                }
                truncate(q, out, base);
            }
        }
        if (outcome == REPLIED && q.cookie && cookies != null && q.tsigOffset < 0) {
            appendCookie(q, scratch, out, base);
        }
        if (outcome == REPLIED) {
            counters.replied(q.qtype, out.getByte(base + 3), (out.getByte(base + 2) & TC >>> 8) != 0);
        } else if (outcome == TRANSFER) {
            counters.replied(q.qtype, Wire.NOERROR, false);
        }
        return outcome;
    }

    private int reply(ByteBuf in, Query q, Scratch scratch, ReplyLimit limit, ByteBuf out, InetAddress source,
            boolean tcp) {
        Query.Verdict verdict = q.read(in);
        if (verdict == Query.Verdict.DROP) {
            return NO_REPLY;
        }
        int base = out.writerIndex();
        if (verdict == Query.Verdict.SIGNED || verdict == Query.Verdict.TRANSFER && q.tsigOffset >= 0) {
            return signed(in, q, scratch, limit, out, base, source, tcp);
        }
        if (verdict == Query.Verdict.TRANSFER) {
            return transfer(in, q, scratch, out, base, null, source, tcp);
        }
        answer(verdict, in, q, scratch, limit, out, base);
        return REPLIED;
    }

    /** Writes the answer a screened message deserves, TSIG aside. */
    private void answer(Query.Verdict verdict, ByteBuf in, Query q, Scratch scratch, ReplyLimit limit, ByteBuf out,
            int base) {
        switch (verdict) {
            case FORMERR:
                headerOnly(q, Wire.FORMERR, out);
                return;
            case NOTIMP:
                headerOnly(q, Wire.NOTIMP, out);
                return;
            case BADVERS:
                // Our version (0) in the OPT, the question, nothing else (RFC 6891 §6.1.3).
                writeHeader(q, 0, Wire.BADVERS & 0xF, out);
                copyQuestion(in, q, scratch, out);
                writeOpt(q, Wire.BADVERS >>> 4, out);
                setCounts(out, base, 1, 0, 0, 1);
                return;
            case REFUSED_QUESTION:
            case NOTIFY:
                // Beacon is a primary: it takes no NOTIFY for its zones (and others are not its own).
                questionOnly(in, q, scratch, Wire.REFUSED, out, base);
                return;
            case UPDATE:
                // Unsigned, it names no key, and only keys are granted updates (allow-update).
                questionOnly(in, q, scratch, Wire.REFUSED, out, base);
                return;
            case NOTIMP_QUESTION:
                questionOnly(in, q, scratch, Wire.NOTIMP, out, base);
                return;
            case FORMERR_QUESTION:
                questionOnly(in, q, scratch, Wire.FORMERR, out, base);
                return;
            case COOKIE_ONLY:
                // Header and OPT; the cookie is added on the way out (RFC 7873 §5.4). Without
                // cookies, a message with no question is malformed (A4).
                headerOnly(q, cookies == null ? Wire.FORMERR : Wire.NOERROR, out);
                return;
            case LOOKUP:
                encode(in, q, scratch, lookup(in, q, scratch, snapshots.get()), out, base);
                if (out.writerIndex() - base > limit.bytes(q) - cookieRoom(q)) {
                    truncate(q, out, base);
                }
                return;
            default:
                throw new IllegalStateException("no plain answer for " + verdict);
        }
    }

    /**
     * A signed message: verify it (RFC 8945 §5.2), then answer and sign the answer, or answer
     * the TSIG error (NOTAUTH; unsigned for BADKEY and BADSIG, signed for BADTIME and BADTRUNC).
     */
    private int signed(ByteBuf in, Query q, Scratch scratch, ReplyLimit limit, ByteBuf out, int base,
            InetAddress source, boolean tcp) {
        int start = in.readerIndex();
        TsigRecord tsig = TsigRecord.read(in, start, q.tsigOffset, start + in.readableBytes());
        TsigCheck check = tsig == null ? null : verifier.verify(in, start, tsig);
        if (check == null || check.error() == TsigCheck.FORMERR) {
            headerOnly(q, Wire.FORMERR, out);
            return REPLIED;
        }
        if (!check.verified()) {
            refusals.warn("TSIG {} from {}: key '{}', refused", TsigError.name(check.error()),
                    dev.beacon.ip.IpLiteral.format(source), tsig.keyText());
            writeHeader(q, 0, TsigError.NOTAUTH, out);
            copyQuestion(in, q, scratch, out);
            finish(q, out, base, 0, 0, 0);
            if (check.answerSigned()) {
                TsigSigner.answering(check, clock).signError(out, base, check);
            } else {
                TsigSigner.appendUnsigned(out, base, tsig, check.error(), clock);
            }
            return REPLIED;
        }
        if (q.unsigned == null) {
            return transfer(in, q, scratch, out, base, check, source, tcp);
        }
        if (q.unsigned == Query.Verdict.UPDATE) {
            byte[] message = new byte[in.readableBytes()];
            in.getBytes(start, message);
            byte[] zone = new byte[q.questionEnd - Wire.HEADER];
            in.getBytes(start + Wire.HEADER, zone);
            scratch.update = new UpdateRequest(message, q.tsigOffset, check, source);
            scratch.updateAnswer = new UpdateAnswer(q.id, q.opcode << 11 | (q.rd ? RD : 0) | (q.cd ? CD : 0), zone,
                    q.edns ? maxUdpPayload : 0, q.dnssecOk, check, clock);
            return UPDATE;
        }
        int room = tsigRoom(tsig);
        answer(q.unsigned, in, q, scratch, query -> limit.bytes(query) - room, out, base);
        TsigSigner.answering(check, clock).sign(out, base);
        return REPLIED;
    }

    /**
     * Decides the update {@link #respond} returned {@link #UPDATE} for, and completes with its
     * signed answer (after a two-byte length when {@code tcp}), on whatever thread decided it.
     */
    CompletableFuture<ByteBuf> update(Scratch scratch, ByteBufAllocator alloc, boolean tcp) {
        UpdateRequest request = scratch.update;
        UpdateAnswer answer = scratch.updateAnswer;
        scratch.update = null;
        scratch.updateAnswer = null;
        CompletableFuture<Integer> decided;
        try {
            decided = updates.apply(request);
        } catch (RuntimeException e) {
            decided = CompletableFuture.failedFuture(e);
        }
        return decided.handle((rcode, failed) -> {
            if (failed != null) {
                refusals.warn("UPDATE from {} failed: {}", request.describe(), failed.toString());
            }
            int code = failed == null ? rcode : Wire.SERVFAIL;
            counters.updated(code);
            ByteBuf out = alloc.ioBuffer(256);
            if (tcp) {
                out.writeShort(0);
            }
            answer.write(code, out, tcp ? 2 : 0);
            if (tcp) {
                out.setShort(0, out.readableBytes() - 2);
            }
            return out;
        });
    }

    /** Bytes a signed answer's TSIG record takes: the request's names and the longest MAC (SHA-512). */
    private static int tsigRoom(TsigRecord tsig) {
        return tsig.keyName().length + tsig.algorithmName().length + 10 + 16 + 64 + 6;
    }

    /** A transfer request: over UDP answered here by the service, over TCP handed to it. */
    private int transfer(ByteBuf in, Query q, Scratch scratch, ByteBuf out, int base, TsigCheck check,
            InetAddress source, boolean tcp) {
        if (q.qtype == Wire.AXFR && !tcp) {
            // AXFR is defined over TCP only (RFC 5936 §4.2) (A20).
            questionOnly(in, q, scratch, Wire.REFUSED, out, base);
            if (check != null) {
                TsigSigner.answering(check, clock).sign(out, base);
            }
            return REPLIED;
        }
        int start = in.readerIndex();
        byte[] question = new byte[q.questionEnd - Wire.HEADER];
        in.getBytes(start + Wire.HEADER, question);
        int flags = q.opcode << 11 | (q.rd ? RD : 0) | (q.cd ? CD : 0);
        TransferRequest request = new TransferRequest(q.id, flags, question, questionName(in, start, q),
                q.qtype == Wire.IXFR, q.ixfrSerial, check, source, q.edns);
        if (!tcp) {
            transfers.overUdp(request, out);
            return REPLIED;
        }
        scratch.transfer = request;
        return TRANSFER;
    }

    /** The question name as text, lowercase, without trailing dot (the root as the empty string). */
    private static String questionName(ByteBuf in, int start, Query q) {
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < q.labelCount; i++) {
            int at = start + q.labelOffsets[i];
            int len = in.getUnsignedByte(at);
            if (i > 0) {
                name.append('.');
            }
            for (int j = 0; j < len; j++) {
                name.append((char) lowerAscii(in.getByte(at + 1 + j)));
            }
        }
        return name.toString();
    }

    /** The question's name and type in one snapshot: where it is, and which records answer it. */
    private Lookup lookup(ByteBuf in, Query q, Scratch scratch, RegistrySnapshot snapshot) {
        int start = in.readerIndex();
        ApexData apex = matchZone(in, start, q);
        ZoneState state = apex == null ? null : snapshot.zone(apex.zone.name());
        scratch.zoneKind = apex == null ? 0 : (long) apex.zone.name().hashCode() << 8 | 0xA5;
        int relative = apex == null ? 0 : q.labelCount - apex.apexLabels.length;
        if (state == null && catalog != null && apex != null && apex.zone == catalog.zone()) {
            // The catalog is for transfer (RFC 9432 §6): its apex answers, its members are not looked up.
            state = relative == 0 ? catalog : null;
        }
        if (state == null) {
            return new Lookup.Refused();
        }
        int apexOffset = q.labelOffsets[relative];
        if (relative == 0) {
            return switch (q.qtype) {
                case Wire.SOA, Wire.ANY -> new Lookup.ApexSoa(apex, state, apexOffset);
                case Wire.NS -> new Lookup.ApexNs(apex, state, apexOffset);
                default -> new Lookup.NoData(apex, state, apexOffset);
            };
        }
        if (relative == 2 && isAcmeChallenge(in, start, q) && readLabel(in, start, q, 1, scratch)) {
            NameRecord record = state.recordMatching(scratch.hash, scratch);
            if (record == null || record.txt().isEmpty()) {
                return new Lookup.NxDomain(apex, state, apexOffset);
            }
            return q.qtype == Wire.TXT || q.qtype == Wire.ANY ? new Lookup.Txt(apex, state, apexOffset, record)
                    : new Lookup.NoData(apex, state, apexOffset);
        }
        if ((relative == 2 || relative == 3) && isUnderscored(in, start, q) && readLabel(in, start, q, relative - 1, scratch)) {
            NameRecord record = state.recordMatching(scratch.hash, scratch);
            return record == null ? new Lookup.NxDomain(apex, state, apexOffset)
                    : belowTheName(q.qtype, record, ownerLabels(in, start, q, relative - 1), apex, state, apexOffset);
        }
        if (relative > 1 || !readLabel(in, start, q, 0, scratch)) {
            return new Lookup.NxDomain(apex, state, apexOffset);
        }
        ApexData.GlueHost host = apex.glueFor(scratch.label, scratch.length);
        if (host != null) {
            return host.has(q.qtype) ? new Lookup.Glue(apex, state, apexOffset, host, q.qtype)
                    : new Lookup.NoData(apex, state, apexOffset);
        }
        NameRecord record = state.recordMatching(scratch.hash, scratch);
        if (record == null) {
            return new Lookup.NxDomain(apex, state, apexOffset);
        }
        return deviceLookup(q.qtype, record, apex, state, apexOffset);
    }

    /**
     * A question under a device's name ({@code _sip._tcp.cam1}): its SRV or TLSA records there; a
     * name that only leads to some ({@code _tcp.cam1}) exists without data (RFC 8020); else none.
     */
    private static Lookup belowTheName(int qtype, NameRecord record, String owner, ApexData apex, ZoneState state,
            int apexOffset) {
        boolean exists = false;
        boolean leadsToSome = false;
        ExtraRecord.Kind answering = null;
        for (ExtraRecord extra : record.records()) {
            if (!extra.kind().belowTheName()) {
                continue;
            }
            if (extra.owner().equals(owner)) {
                exists = true;
                if (answering == null && (qtype == extra.kind().wireType() || qtype == Wire.ANY)) {
                    answering = extra.kind();
                }
            } else if (extra.owner().endsWith("." + owner)) {
                leadsToSome = true;
            }
        }
        if (answering != null) {
            return new Lookup.Below(apex, state, apexOffset, record, answering, owner);
        }
        return exists || leadsToSome ? new Lookup.NoData(apex, state, apexOffset) : new Lookup.NxDomain(apex, state, apexOffset);
    }

    /** Whether the question's first label starts with an underscore, as a service's or a port's does. */
    private static boolean isUnderscored(ByteBuf in, int start, Query q) {
        int at = start + q.labelOffsets[0];
        return in.getUnsignedByte(at) > 1 && in.getByte(at + 1) == '_';
    }

    /** The question's labels before index {@code end}, lowercase, joined by dots ({@code _sip._tcp}). */
    private static String ownerLabels(ByteBuf in, int start, Query q, int end) {
        StringBuilder owner = new StringBuilder();
        for (int i = 0; i < end; i++) {
            int at = start + q.labelOffsets[i];
            if (i > 0) {
                owner.append('.');
            }
            for (int j = 0, len = in.getUnsignedByte(at); j < len; j++) {
                owner.append((char) lowerAscii(in.getByte(at + 1 + j)));
            }
        }
        return owner.toString();
    }

    /** Which of a device's RRsets answers the type; for ANY, one RRset is complete (RFC 8482 §4.1). */
    private static Lookup deviceLookup(int qtype, NameRecord record, ApexData apex, ZoneState state, int apexOffset) {
        if (record.extras() != null && !record.records().isEmpty()) {
            if (record.cname() != null) {
                return new Lookup.Cname(apex, state, apexOffset, record, qtype);
            }
            if (qtype == Wire.MX && record.records().stream().anyMatch(r -> r.kind() == ExtraRecord.Kind.MX)) {
                return new Lookup.Mx(apex, state, apexOffset, record);
            }
        }
        Addresses a = record.addresses();
        boolean anyTxt = qtype == Wire.ANY && !a.hasV4() && !a.hasV6();
        if ((qtype == Wire.TXT || anyTxt) && !record.txt().isEmpty()) {
            return new Lookup.Txt(apex, state, apexOffset, record);
        }
        if (a.hasV4() && (qtype == Wire.A || qtype == Wire.ANY)) {
            return new Lookup.Address(apex, state, apexOffset, record, false);
        }
        if (a.hasV6() && (qtype == Wire.AAAA || qtype == Wire.ANY)) {
            return new Lookup.Address(apex, state, apexOffset, record, true);
        }
        return new Lookup.NoData(apex, state, apexOffset);
    }
    /** The zone whose apex labels end the question name, comparing ASCII case-insensitively. */
    private ApexData matchZone(ByteBuf in, int start, Query q) {
        for (ApexData apex : zones) {
            int count = apex.apexLabels.length;
            if (q.labelCount < count) {
                continue;
            }
            boolean match = true;
            for (int j = 0; j < count && match; j++) {
                byte[] want = apex.apexLabels[j];
                int at = start + q.labelOffsets[q.labelCount - count + j];
                match = in.getUnsignedByte(at) == want.length && equalsIgnoreCase(in, at + 1, want);
            }
            if (match) {
                return apex;
            }
        }
        return null;
    }

    private static boolean equalsIgnoreCase(ByteBuf in, int at, byte[] lower) {
        for (int i = 0; i < lower.length; i++) {
            if (lowerAscii(in.getByte(at + i)) != lower[i]) {
                return false;
            }
        }
        return true;
    }

    private static final byte[] ACME_CHALLENGE = "_acme-challenge".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static boolean isAcmeChallenge(ByteBuf in, int start, Query q) {
        int at = start + q.labelOffsets[0];
        return in.getUnsignedByte(at) == ACME_CHALLENGE.length && equalsIgnoreCase(in, at + 1, ACME_CHALLENGE);
    }

    /**
     * Copies a question label, lowercased, into scratch. False when it holds a byte no stored label
     * can (anything but letters, digits and '-': a dot, a NUL, a space... A25), so it cannot exist.
     */
    private static boolean readLabel(ByteBuf in, int start, Query q, int index, Scratch scratch) {
        int at = start + q.labelOffsets[index];
        int length = in.getUnsignedByte(at);
        int hash = 0;
        for (int i = 0; i < length; i++) {
            byte b = lowerAscii(in.getByte(at + 1 + i));
            if (!(b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-')) {
                return false;
            }
            scratch.label[i] = b;
            hash = 31 * hash + b;
        }
        scratch.length = length;
        scratch.hash = hash;
        return true;
    }

    private static byte lowerAscii(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }

    /** Writes the reply a lookup calls for, once, compressed against the question. */
    private void encode(ByteBuf in, Query q, Scratch scratch, Lookup lookup, ByteBuf out, int base) {
        if (lookup instanceof Lookup.Refused) {
            // Not ours: no AA, no recursion offered (RA stays 0), nothing but the question (A22).
            questionOnly(in, q, scratch, Wire.REFUSED, out, base);
            return;
        }
        Lookup.InZone found = (Lookup.InZone) lookup;
        boolean nx = found instanceof Lookup.NxDomain;
        writeHeader(q, AA, nx ? Wire.NXDOMAIN : Wire.NOERROR, out);
        copyQuestion(in, q, scratch, out);
        if (nx || found instanceof Lookup.NoData) {
            writeSoa(found.apex(), found.state(), found.apexOffset(), found.apex().zone.soa().negativeTtl(), out);
            finish(q, out, base, 0, 1, 0);
            return;
        }
        int answers;
        int additional = 0;
        if (found instanceof Lookup.ApexSoa soa) {
            writeSoa(soa.apex(), soa.state(), soa.apexOffset(), soa.apex().zone.soa().ttl(), out);
            answers = 1;
        } else if (found instanceof Lookup.ApexNs ns) {
            answers = writeNs(ns, out);
            additional = writeGlue(ns, out);
        } else if (found instanceof Lookup.Address address) {
            writeDeviceAddress(address, out);
            answers = 1;
        } else if (found instanceof Lookup.Cname cname) {
            answers = writeCname(cname, out);
        } else if (found instanceof Lookup.Mx mx) {
            answers = writeExtras(mx.record(), ExtraRecord.Kind.MX, "", mx.apex(), out);
            additional = writeTargetAddresses(mx.record(), ExtraRecord.Kind.MX, "", mx.apex(), mx.state(),
                    mx.apexOffset(), out);
        } else if (found instanceof Lookup.Below below) {
            answers = writeExtras(below.record(), below.kind(), below.owner(), below.apex(), out);
            if (below.kind() == ExtraRecord.Kind.SRV) {
                additional = writeTargetAddresses(below.record(), ExtraRecord.Kind.SRV, below.owner(), below.apex(),
                        below.state(), below.apexOffset(), out);
            }
        } else if (found instanceof Lookup.Txt txt) {
            answers = writeTxt(txt.record(), txt.record().ttlOr(txt.apex().zone.ttl()), out);
        } else {
            answers = writeGlueAnswer((Lookup.Glue) found, out);
        }
        finish(q, out, base, answers, 0, additional);
    }

    /** A reply of header and question alone, with the OPT when the query had one. */
    private void questionOnly(ByteBuf in, Query q, Scratch scratch, int rcode, ByteBuf out, int base) {
        writeHeader(q, 0, rcode, out);
        copyQuestion(in, q, scratch, out);
        finish(q, out, base, 0, 0, 0);
    }

    private static int writeNs(Lookup.ApexNs apex, ByteBuf out) {
        int ttl = apex.apex().zone.soa().ttl();
        for (ApexData.EncodedName ns : apex.apex().nameServers) {
            int rdlength = rrHeader(Wire.HEADER, Wire.NS, ttl, out);
            writeName(ns, apex.apexOffset(), out);
            endRdata(rdlength, out);
        }
        return apex.apex().nameServers.size();
    }

    private static int writeGlue(Lookup.ApexNs apex, ByteBuf out) {
        int count = 0;
        int ttl = apex.apex().zone.soa().ttl();
        for (ApexData.GlueHost host : apex.apex().glue) {
            for (InetAddress address : host.addresses()) {
                out.writeByte(host.label().length).writeBytes(host.label());
                out.writeShort(0xC000 | apex.apexOffset());
                out.writeShort(address instanceof Inet4Address ? Wire.A : Wire.AAAA).writeShort(Wire.IN).writeInt(ttl);
                byte[] bytes = address.getAddress();
                out.writeShort(bytes.length).writeBytes(bytes);
                count++;
            }
        }
        return count;
    }

    /** The device's A or AAAA record, owned by the question name (a pointer to offset 12). */
    private static void writeDeviceAddress(Lookup.Address address, ByteBuf out) {
        int ttl = address.record().ttlOr(address.apex().zone.ttl());
        Addresses a = address.record().addresses();
        if (address.v6()) {
            out.writeShort(0xC000 | Wire.HEADER).writeShort(Wire.AAAA).writeShort(Wire.IN).writeInt(ttl);
            out.writeShort(16).writeLong(a.v6High()).writeLong(a.v6Low());
        } else {
            out.writeShort(0xC000 | Wire.HEADER).writeShort(Wire.A).writeShort(Wire.IN).writeInt(ttl);
            out.writeShort(4).writeInt(a.v4Bits());
        }
    }

    /** The records of one kind a device keeps at {@code owner} (empty: its name), owned by the question name. */
    private static int writeExtras(NameRecord record, ExtraRecord.Kind kind, String owner, ApexData apex, ByteBuf out) {
        int ttl = record.ttlOr(apex.zone.ttl());
        int count = 0;
        for (ExtraRecord extra : record.records()) {
            if (extra.kind() == kind && extra.owner().equals(owner)) {
                byte[] rdata = extra.rdata();
                out.writeShort(0xC000 | Wire.HEADER).writeShort(kind.wireType()).writeShort(Wire.IN).writeInt(ttl);
                out.writeShort(rdata.length).writeBytes(rdata);
                count++;
            }
        }
        return count;
    }

    /** The CNAME, then the target's address of the asked type when the target is a device name of this zone. */
    private static int writeCname(Lookup.Cname cname, ByteBuf out) {
        int count = writeExtras(cname.record(), ExtraRecord.Kind.CNAME, "", cname.apex(), out);
        if (cname.qtype() != Wire.A && cname.qtype() != Wire.AAAA) {
            return count;
        }
        NameRecord target = inZone(cname.record().cname().target(), cname.apex(), cname.state());
        if (target != null && target.cname() == null) {
            count += writeOwnedAddress(target, cname.qtype() == Wire.AAAA, false, cname.apex(), cname.apexOffset(), out);
        }
        return count;
    }

    /** Each MX exchange or SRV target that is a device name of this zone: its addresses, for the additional section. */
    private static int writeTargetAddresses(NameRecord record, ExtraRecord.Kind kind, String owner, ApexData apex,
            ZoneState state, int apexOffset, ByteBuf out) {
        int count = 0;
        java.util.Set<String> done = new java.util.HashSet<>();
        for (ExtraRecord extra : record.records()) {
            if (extra.kind() != kind || !extra.owner().equals(owner) || !done.add(extra.target())) {
                continue;
            }
            NameRecord target = inZone(extra.target(), apex, state);
            if (target != null && target.cname() == null) {
                count += writeOwnedAddress(target, false, true, apex, apexOffset, out);
            }
        }
        return count;
    }

    /** The device record a host name names when it is one label under this zone's apex, else null. */
    private static NameRecord inZone(String host, ApexData apex, ZoneState state) {
        String suffix = "." + apex.zone.name() + ".";
        if (!host.endsWith(suffix)) {
            return null;
        }
        String label = host.substring(0, host.length() - suffix.length());
        return label.indexOf('.') >= 0 ? null : state.record(label);
    }

    /**
     * A device name's A (or AAAA, or with {@code both} each it has), owned by that name written as
     * its label and a pointer to the apex in the question.
     */
    private static int writeOwnedAddress(NameRecord target, boolean v6, boolean both, ApexData apex, int apexOffset,
            ByteBuf out) {
        int ttl = target.ttlOr(apex.zone.ttl());
        Addresses a = target.addresses();
        int count = 0;
        if (a.hasV4() && (both || !v6)) {
            writeLabelAtApex(target.label(), apexOffset, out);
            out.writeShort(Wire.A).writeShort(Wire.IN).writeInt(ttl).writeShort(4).writeInt(a.v4Bits());
            count++;
        }
        if (a.hasV6() && (both || v6)) {
            writeLabelAtApex(target.label(), apexOffset, out);
            out.writeShort(Wire.AAAA).writeShort(Wire.IN).writeInt(ttl).writeShort(16).writeLong(a.v6High())
                    .writeLong(a.v6Low());
            count++;
        }
        return count;
    }

    private static void writeLabelAtApex(String label, int apexOffset, ByteBuf out) {
        out.writeByte(label.length()).writeCharSequence(label, java.nio.charset.StandardCharsets.US_ASCII);
        out.writeShort(0xC000 | apexOffset);
    }

    /** An in-zone name server's addresses of the asked family; for ANY, its first one (RFC 8482). */
    private static int writeGlueAnswer(Lookup.Glue glue, ByteBuf out) {
        int ttl = glue.apex().zone.soa().ttl();
        int count = 0;
        for (InetAddress address : glue.host().addresses()) {
            if (ApexData.GlueHost.answers(address, glue.qtype())) {
                writeAddress(address, ttl, out);
                count++;
                if (glue.qtype() == Wire.ANY) {
                    break;
                }
            }
        }
        return count;
    }

    /** One TXT record per value, each value one character-string, owned by the question name. */
    private static int writeTxt(NameRecord record, int ttl, ByteBuf out) {
        for (String value : record.txt()) {
            out.writeShort(0xC000 | Wire.HEADER).writeShort(Wire.TXT).writeShort(Wire.IN).writeInt(ttl);
            out.writeShort(value.length() + 1).writeByte(value.length());
            out.writeCharSequence(value, java.nio.charset.StandardCharsets.US_ASCII);
        }
        return record.txt().size();
    }

    /** An A or AAAA record owned by the question name (pointer to offset 12). */
    private static void writeAddress(InetAddress address, int ttl, ByteBuf out) {
        byte[] bytes = address.getAddress();
        out.writeShort(0xC000 | Wire.HEADER);
        out.writeShort(bytes.length == 4 ? Wire.A : Wire.AAAA).writeShort(Wire.IN).writeInt(ttl);
        out.writeShort(bytes.length).writeBytes(bytes);
    }

    private static void writeSoa(ApexData apex, ZoneState state, int apexOffset, int ttl, ByteBuf out) {
        Soa soa = apex.zone.soa();
        int rdlength = rrHeader(apexOffset, Wire.SOA, ttl, out);
        writeName(apex.mname, apexOffset, out);
        writeName(apex.rname, apexOffset, out);
        // The serial is the journal position of the zone's last change, modulo 2^32 (RFC 1982).
        out.writeInt((int) state.lastSeq());
        out.writeInt(soa.refresh()).writeInt(soa.retry()).writeInt(soa.expire()).writeInt(soa.minimum());
        endRdata(rdlength, out);
    }

    /** Writes an RR's owner (a pointer), type, class and TTL; returns where RDLENGTH goes. */
    private static int rrHeader(int ownerOffset, int type, int ttl, ByteBuf out) {
        out.writeShort(0xC000 | ownerOffset).writeShort(type).writeShort(Wire.IN).writeInt(ttl);
        int rdlength = out.writerIndex();
        out.writeShort(0);
        return rdlength;
    }

    private static void endRdata(int rdlengthAt, ByteBuf out) {
        out.setShort(rdlengthAt, out.writerIndex() - rdlengthAt - 2);
    }

    private static void writeName(ApexData.EncodedName name, int apexOffset, ByteBuf out) {
        out.writeBytes(name.labels());
        if (name.underApex()) {
            out.writeShort(0xC000 | apexOffset);
        }
    }

    private static void writeHeader(Query q, int flags, int rcode, ByteBuf out) {
        out.writeShort(q.id);
        out.writeShort(QR | q.opcode << 11 | flags | (q.rd ? RD : 0) | (q.cd ? CD : 0) | rcode & 0xF);
        out.writeZero(8);
    }

    private static void copyQuestion(ByteBuf in, Query q, Scratch scratch, ByteBuf out) {
        // Byte for byte, so the client sees its own 0x20 case mix (A24).
        int length = q.questionEnd - Wire.HEADER;
        in.getBytes(in.readerIndex() + Wire.HEADER, scratch.question, 0, length);
        out.writeBytes(scratch.question, 0, length);
    }

    /** Appends the OPT record when the query had one and sets the section counts. */
    private void finish(Query q, ByteBuf out, int base, int answers, int authority, int additional) {
        if (q.edns) {
            writeOpt(q, 0, out);
            additional++;
        }
        setCounts(out, base, 1, answers, authority, additional);
    }

    private void writeOpt(Query q, int extendedRcode, ByteBuf out) {
        out.writeByte(0).writeShort(Wire.OPT).writeShort(maxUdpPayload);
        // Version 0; DO echoed (RFC 3225); no options: unknown ones are not echoed (B5).
        out.writeInt(extendedRcode << 24 | (q.dnssecOk ? 0x8000 : 0));
        out.writeShort(0);
    }

    private static void setCounts(ByteBuf out, int base, int qd, int an, int ns, int ar) {
        out.setShort(base + 4, qd).setShort(base + 6, an).setShort(base + 8, ns).setShort(base + 10, ar);
    }

    /** A reply of header alone (FORMERR, NOTIMP...), with the OPT when the query had a readable one. */
    private void headerOnly(Query q, int rcode, ByteBuf out) {
        int base = out.writerIndex();
        writeHeader(q, 0, rcode, out);
        if (q.edns) {
            writeOpt(q, 0, out);
            setCounts(out, base, 0, 0, 0, 1);
        }
    }

    /** Keeps header and question, sets TC, so the client retries over TCP (RFC 7766 §5). */
    private void truncate(Query q, ByteBuf out, int base) {
        out.writerIndex(base + q.questionEnd);
        out.setShort(base + 2, out.getUnsignedShort(base + 2) | TC);
        finish(q, out, base, 0, 0, 0);
    }

    /** Bytes the COOKIE option will add to this query's reply. */
    private int cookieRoom(Query q) {
        return cookies != null && q.cookie ? COOKIE_OPTION : 0;
    }

    /** Option code, length, client cookie and server cookie. */
    private static final int COOKIE_OPTION = 4 + ServerCookies.CLIENT_COOKIE + ServerCookies.SERVER_COOKIE;

    /** Verifies the server cookie the client returned, and makes the one the reply carries. */
    private void checkCookie(Query q, Scratch scratch, InetAddress source) {
        long now = clock.millis() / 1000;
        if (q.serverCookieLength > 0
                && cookies.valid(q.clientCookie, q.serverCookie, q.serverCookieLength, source, now, scratch.cookieWork)) {
            scratch.cookieVerified = true;
            counters.cookieVerified();
        }
        System.arraycopy(q.clientCookie, 0, scratch.replyCookie, 0, ServerCookies.CLIENT_COOKIE);
        cookies.make(q.clientCookie, source, now, scratch.replyCookie, ServerCookies.CLIENT_COOKIE, scratch.cookieWork);
    }

    /**
     * Adds the COOKIE option (client cookie and a fresh server cookie) to the reply's OPT, which
     * every unsigned reply to a query with EDNS ends with.
     */
    private void appendCookie(Query q, Scratch scratch, ByteBuf out, int base) {
        int opt = out.writerIndex() - 11;
        if (!q.edns || opt < base + Wire.HEADER || out.getUnsignedShort(opt + 1) != Wire.OPT
                || out.getUnsignedShort(opt + 9) != 0) {
            return;
        }
        out.setShort(opt + 9, COOKIE_OPTION);
        out.writeShort(Wire.COOKIE).writeShort(scratch.replyCookie.length).writeBytes(scratch.replyCookie);
    }

    /**
     * What makes this response identical to others for the rate limit: an answer its question
     * (name, case folded, and type); a name error or empty answer its zone; anything else its
     * response code.
     */
    private static long kind(ByteBuf in, Query q, Scratch scratch, ByteBuf out, int base) {
        int flags = out.getUnsignedShort(base + 2);
        int rcode = flags & 0xF;
        boolean answered = out.getUnsignedShort(base + 6) > 0 || (flags & TC) != 0;
        if (rcode == Wire.NOERROR && answered && q.questionEnd > Wire.HEADER) {
            long h = q.qtype;
            int start = in.readerIndex();
            for (int i = start + Wire.HEADER; i < start + q.questionEnd - 4; i++) {
                h = 31 * h + lowerAscii(in.getByte(i));
            }
            return ResponseRateLimit.mix(h);
        }
        if ((rcode == Wire.NXDOMAIN || rcode == Wire.NOERROR) && scratch.zoneKind != 0) {
            return scratch.zoneKind;
        }
        return 0x5a5a_0000L | rcode;
    }

    /** A SERVFAIL for a message whose header could be read, for the transports' catch-all. */
    static boolean servfail(ByteBuf in, ByteBuf out) {
        int start = in.readerIndex();
        if (in.readableBytes() < Wire.HEADER || (in.getUnsignedShort(start + 2) & QR) != 0) {
            return false;
        }
        int id = in.getUnsignedShort(start);
        int flags = in.getUnsignedShort(start + 2);
        out.writeShort(id).writeShort(QR | flags & 0x7900 | Wire.SERVFAIL).writeZero(8);
        return true;
    }
}
