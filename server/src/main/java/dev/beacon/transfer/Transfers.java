package dev.beacon.transfer;

import dev.beacon.dns.TransferRequest;
import dev.beacon.dns.TransferService;
import dev.beacon.logging.ThrottledLog;
import dev.beacon.registry.RegistrySnapshot;
import dev.beacon.registry.ZoneState;
import dev.beacon.store.Store;
import dev.beacon.store.StoreException;
import dev.beacon.tsig.TsigKey;
import dev.beacon.tsig.TsigSigner;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers AXFR and IXFR for the zones: the zone must be one of ours (else NOTAUTH), and one of its
 * {@code allow-transfer} rules must admit the requester's key and address (else REFUSED, logged).
 * AXFR streams the zone from the snapshot of the moment; IXFR reads the journal on a thread of
 * its own, off the event loops. Thread-safe.
 */
public final class Transfers implements TransferService, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Transfers.class);
    private static final int NOERROR = 0;
    private static final int FORMERR = 1;
    private static final int SERVFAIL = 2;
    private static final int REFUSED = 5;
    private static final int NOTAUTH = 9;

    private final Catalog catalog;
    /** Every zone's state by name, the catalog's included. */
    private final Function<String, ZoneState> states;
    private final Store store;
    private final ThrottledLog refusals;
    private final Clock clock;
    private final ExecutorService journalReads;
    private final java.util.concurrent.atomic.LongAdder axfrs = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder ixfrs = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder refused = new java.util.concurrent.atomic.LongAdder();

    /**
     * @param catalog the catalog zone served beside the zones, or null for none
     */
    public Transfers(Supplier<RegistrySnapshot> snapshots, Catalog catalog, Store store, ThrottledLog refusals,
            Clock clock) {
        this.catalog = catalog;
        this.states = Catalog.states(snapshots, catalog);
        this.store = store;
        this.refusals = refusals;
        this.clock = clock;
        this.journalReads = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ixfr-journal");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public CompletableFuture<Void> overTcp(TransferRequest request, ChannelHandlerContext context, Runnable progress) {
        ZoneState state = admitted(request);
        AnswerWriter writer = writer(request);
        if (state == null) {
            return single(context, writer, admissionRcode(request), null);
        }
        if (request.incremental() && request.clientSerial() < 0) {
            // RFC 1995 §3: an IXFR carries the requester's SOA in its authority section.
            return single(context, writer, FORMERR, null);
        }
        if (catalog != null && state.zone() == catalog.zone()) {
            return catalog(context, writer, request, progress);
        }
        if (!request.incremental()) {
            return axfr(context, writer, request, state, "AXFR", progress);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            journalReads.execute(() -> {
                CompletableFuture<Void> answered;
                try {
                    answered = ixfr(context, writer, request, state, progress);
                } catch (RuntimeException e) {
                    // A bug, not the requester's doing: SERVFAIL rather than silence.
                    log.error("IXFR of zone {} to {} failed; answered SERVFAIL", request.zone(), request.describe(), e);
                    answered = single(context, writer, SERVFAIL, null);
                }
                answered.whenComplete((v, e) -> done.complete(null));
            });
        } catch (RejectedExecutionException e) {
            return single(context, writer, SERVFAIL, null);
        }
        return done;
    }

    @Override
    public void overUdp(TransferRequest request, ByteBuf out) {
        ZoneState state = admitted(request);
        AnswerWriter writer = writer(request);
        if (state == null) {
            writer.end(out, writer.begin(out, admissionRcode(request)), 0);
            return;
        }
        // RFC 1995 §2: over UDP, the SOA alone; a requester behind us then asks over TCP.
        int base = writer.begin(out, NOERROR);
        ZoneRrs.soa(state.zone(), state.lastSeq()).write(out);
        writer.end(out, base, 1);
    }

    /** Whole zones sent (AXFR, IXFR answered with the whole zone, the catalog), since start. */
    public long wholeZonesSent() {
        return axfrs.sum();
    }

    /** Differences sent (IXFR), since start. */
    public long differencesSent() {
        return ixfrs.sum();
    }

    /** Transfer requests refused (no rule admits them, or not a zone of ours), since start. */
    public long refusedCount() {
        return refused.sum();
    }

    /** The zone's state when the request may transfer it; null otherwise (with the refusal logged). */
    private ZoneState admitted(TransferRequest request) {
        ZoneState state = states.apply(request.zone());
        if (state == null) {
            refused.increment();
            refusals.warn("{} of '{}' from {} refused: not a zone of this server", kind(request), request.zone(),
                    request.describe());
            return null;
        }
        TsigKey key = request.tsig() == null ? null : request.tsig().key();
        if (!state.zone().transfer().admits(key, request.source())) {
            refused.increment();
            refusals.warn("{} of zone {} from {} refused: no allow-transfer rule admits it", kind(request),
                    request.zone(), request.describe());
            return null;
        }
        return state;
    }

    /** NOTAUTH for a zone that is not ours (RFC 5936 §2.2.1), REFUSED for one the rules do not open. */
    private int admissionRcode(TransferRequest request) {
        return states.apply(request.zone()) == null ? NOTAUTH : REFUSED;
    }

    private AnswerWriter writer(TransferRequest request) {
        return new AnswerWriter(request, request.tsig() == null ? null : TsigSigner.answering(request.tsig(), clock));
    }

    private CompletableFuture<Void> ixfr(ChannelHandlerContext context, AnswerWriter writer, TransferRequest request,
            ZoneState state, Runnable progress) {
        IxfrPlan plan;
        try {
            plan = IxfrPlan.of(state, request.clientSerial(), store);
        } catch (StoreException e) {
            log.warn("IXFR of zone {} to {}: the journal cannot be read ({}); answered SERVFAIL", request.zone(),
                    request.describe(), e.getMessage());
            return single(context, writer, SERVFAIL, null);
        }
        if (plan instanceof IxfrPlan.UpToDate) {
            return single(context, writer, NOERROR, ZoneRrs.soa(state.zone(), state.lastSeq()));
        }
        if (plan instanceof IxfrPlan.Full full) {
            log.info("IXFR of zone {} from serial {} to {}: {}; sending the whole zone", request.zone(),
                    request.clientSerial(), request.describe(), full.why());
            return axfr(context, writer, request, state, "AXFR-style IXFR", progress);
        }
        IxfrPlan.Incremental diff = (IxfrPlan.Incremental) plan;
        ixfrs.increment();
        MessageStream stream = new MessageStream(writer, RecordSource.of(diff.records()), progress);
        long started = System.nanoTime();
        return written(context.writeAndFlush(stream), () -> log.info(
                "IXFR of zone {} to {}: serial {} -> {}, {} names changed, {} records in {} ms", request.zone(),
                request.describe(), request.clientSerial(), state.lastSeq() & 0xFFFF_FFFFL, diff.changedNames(),
                stream.records(), (System.nanoTime() - started) / 1_000_000));
    }

    private CompletableFuture<Void> axfr(ChannelHandlerContext context, AnswerWriter writer, TransferRequest request,
            ZoneState state, String kind, Runnable progress) {
        MessageStream stream = new MessageStream(writer, new AxfrRecords(state), progress);
        axfrs.increment();
        long started = System.nanoTime();
        return written(context.writeAndFlush(stream), () -> log.info(
                "{} of zone {} to {}: serial {}, {} records in {} messages, {} ms", kind, request.zone(),
                request.describe(), state.lastSeq() & 0xFFFF_FFFFL, stream.records(), stream.messages(),
                (System.nanoTime() - started) / 1_000_000));
    }

    /** The catalog: the SOA alone to a requester at its serial, else all of it (it is small). */
    private CompletableFuture<Void> catalog(ChannelHandlerContext context, AnswerWriter writer, TransferRequest request,
            Runnable progress) {
        List<ZoneRr> records = catalog.records();
        if (request.incremental() && (request.clientSerial() == (catalog.serial() & 0xFFFF_FFFFL))) {
            return single(context, writer, NOERROR, records.get(0));
        }
        MessageStream stream = new MessageStream(writer, RecordSource.of(records), progress);
        axfrs.increment();
        return written(context.writeAndFlush(stream), () -> log.info("{} of catalog zone {} to {}: serial {}, {} zones",
                request.incremental() ? "AXFR-style IXFR" : "AXFR", request.zone(), request.describe(),
                catalog.serial() & 0xFFFF_FFFFL, catalog.members().size()));
    }

    /** A one-message answer: an error, or the SOA alone. */
    private static CompletableFuture<Void> single(ChannelHandlerContext context, AnswerWriter writer, int rcode,
            ZoneRr soa) {
        ByteBuf out = context.alloc().ioBuffer(512);
        out.writeShort(0);
        int base = writer.begin(out, rcode);
        if (soa != null) {
            soa.write(out);
        }
        writer.end(out, base, soa == null ? 0 : 1);
        out.setShort(0, out.writerIndex() - 2);
        return written(context.writeAndFlush(out), () -> { });
    }

    private static CompletableFuture<Void> written(ChannelFuture write, Runnable onSuccess) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        write.addListener(f -> {
            if (f.isSuccess()) {
                onSuccess.run();
            } else {
                log.info("a transfer answer was cut short: {}", f.cause() == null ? "cancelled" : f.cause().toString());
            }
            done.complete(null);
        });
        return done;
    }

    private static String kind(TransferRequest request) {
        return request.incremental() ? "IXFR" : "AXFR";
    }

    @Override
    public void close() {
        journalReads.shutdownNow();
    }
}
