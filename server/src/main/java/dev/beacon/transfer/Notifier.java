package dev.beacon.transfer;

import dev.beacon.registry.ZoneState;
import dev.beacon.tsig.DnsName;
import dev.beacon.tsig.Keyring;
import dev.beacon.tsig.TsigCheck;
import dev.beacon.tsig.TsigError;
import dev.beacon.tsig.TsigKey;
import dev.beacon.tsig.TsigRecord;
import dev.beacon.tsig.TsigSigner;
import dev.beacon.tsig.TsigVerifier;
import dev.beacon.zone.NotifyTarget;
import dev.beacon.zone.Zone;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells each zone's secondaries that it changed (RFC 1996), so they transfer within moments
 * rather than at their next refresh. Per secondary and zone at most one NOTIFY is outstanding:
 * changes while it is out are coalesced into the next one, sent once it is answered; an
 * unanswered one is sent again after 1, 2, 4 and 8 s, and given up 16 s after the last try until
 * the zone changes again. Signed with the secondary's TSIG key when it has one, and its answer verified.
 *
 * <p>One thread and one UDP socket, bound to the DNS listener's address so secondaries see the
 * NOTIFY come from their primary. Looks at the zones' serials every {@link #TICK_MILLIS}.
 */
public final class Notifier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);
    static final int TICK_MILLIS = 20;
    private static final int[] RETRY_SECONDS = {1, 2, 4, 8, 16};
    private static final int NOTIFY_OPCODE = 4;

    /** One secondary of one zone: what it was last told, and the NOTIFY it has not answered yet. */
    private static final class Peer {
        final Zone zone;
        final NotifyTarget target;
        long toldSerial = -1;
        Outstanding outstanding;

        Peer(Zone zone, NotifyTarget target) {
            this.zone = zone;
            this.target = target;
        }
    }

    private record Outstanding(int id, long serial, int attempt, long retryAtMillis, TsigSigner signer) {
    }

    private final Function<String, ZoneState> states;
    private final Clock clock;
    private final TsigVerifier verifier;
    private final List<Peer> peers = new ArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private final Selector selector;
    private final DatagramChannel channel;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param zones the zones whose {@code notifyTo} secondaries are told (the catalog's included)
     * @param states each zone's state now, by name
     * @param source the address NOTIFYs are sent from (the DNS listener's; port chosen by the system)
     */
    public Notifier(List<Zone> zones, Function<String, ZoneState> states, InetAddress source, Clock clock)
            throws IOException {
        this.states = states;
        this.clock = clock;
        List<TsigKey> keys = new ArrayList<>();
        for (Zone zone : zones) {
            for (NotifyTarget target : zone.transfer().notifyTo()) {
                peers.add(new Peer(zone, target));
                if (target.key() != null && !keys.contains(target.key())) {
                    keys.add(target.key());
                }
            }
        }
        this.verifier = new TsigVerifier(new Keyring(keys), clock);
        this.selector = Selector.open();
        this.channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress(source, 0));
        channel.configureBlocking(false);
        channel.register(selector, SelectionKey.OP_READ);
        this.thread = new Thread(this::run, "notify");
        thread.setDaemon(true);
    }

    /** Whether any zone has secondaries to notify. */
    public static boolean wanted(List<Zone> zones) {
        return zones.stream().anyMatch(z -> !z.transfer().notifyTo().isEmpty());
    }

    public void start() {
        thread.start();
    }

    private void run() {
        ByteBuffer in = ByteBuffer.allocate(65_535);
        while (running) {
            try {
                selector.select(TICK_MILLIS);
                selector.selectedKeys().clear();
                InetSocketAddress from;
                while ((from = (InetSocketAddress) channel.receive(in.clear())) != null) {
                    answered(in.flip(), from);
                }
                tick();
            } catch (IOException | RuntimeException e) {
                if (running) {
                    log.warn("NOTIFY: {}", e.toString());
                    sleepQuietly();
                }
            }
        }
    }

    /** Sends what is due: a first NOTIFY for a new serial, or a retry of one not answered. */
    private void tick() throws IOException {
        long now = clock.millis();
        for (Peer peer : peers) {
            ZoneState state = states.apply(peer.zone.name());
            if (state == null) {
                continue;
            }
            long serial = state.lastSeq() & 0xFFFF_FFFFL;
            Outstanding out = peer.outstanding;
            if (out == null) {
                if (serial != peer.toldSerial) {
                    send(peer, serial, 0);
                }
            } else if (now >= out.retryAtMillis()) {
                if (out.attempt() + 1 < RETRY_SECONDS.length) {
                    // Retry with the latest serial: the secondary needs to hear of the newest change.
                    send(peer, serial, out.attempt() + 1);
                } else {
                    log.warn("NOTIFY of zone {} serial {} to {}: no answer after {} tries; giving up until it changes again",
                            peer.zone.name(), out.serial(), peer.target.address(), RETRY_SECONDS.length);
                    peer.outstanding = null;
                    peer.toldSerial = out.serial();
                }
            }
        }
    }

    private void send(Peer peer, long serial, int attempt) throws IOException {
        // Timed from before the send: an answer (or a test's clock) may come before the line after it.
        long sentAt = clock.millis();
        int id = random.nextInt(0x10000);
        ByteBuf message = Unpooled.buffer(512);
        try {
            message.writeShort(id).writeShort(NOTIFY_OPCODE << 11 | 0x0400);
            message.writeShort(1).writeShort(1).writeShort(0).writeShort(0);
            message.writeBytes(DnsName.wire(peer.zone.name())).writeShort(ZoneRr.SOA).writeShort(1);
            // The new SOA as a hint (RFC 1996 §3.7); its owner points at the question's name.
            ZoneRrs.soa(peer.zone, serial).write(message);
            TsigSigner signer = null;
            if (peer.target.key() != null) {
                signer = TsigSigner.requesting(peer.target.key(), clock);
                signer.sign(message, 0);
            }
            peer.outstanding = new Outstanding(id, serial, attempt, sentAt + RETRY_SECONDS[attempt] * 1000L, signer);
            channel.send(message.nioBuffer(), peer.target.address());
        } finally {
            message.release();
        }
    }

    /** A datagram came back: the answer to one outstanding NOTIFY, or noise to ignore. */
    private void answered(ByteBuffer bytes, InetSocketAddress from) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        if (in.readableBytes() < 12) {
            return;
        }
        int id = in.getUnsignedShort(0);
        int flags = in.getUnsignedShort(2);
        if ((flags & 0x8000) == 0 || (flags >>> 11 & 0xF) != NOTIFY_OPCODE) {
            return;
        }
        for (Peer peer : peers) {
            Outstanding out = peer.outstanding;
            if (out == null || out.id() != id || !peer.target.address().equals(from)) {
                continue;
            }
            if (out.signer() != null && !verified(in, peer, out)) {
                return;
            }
            int rcode = flags & 0xF;
            if (rcode != 0) {
                log.warn("NOTIFY of zone {} serial {} to {}: answered rcode {}; not sent again until the zone changes",
                        peer.zone.name(), out.serial(), from, rcode);
            } else {
                log.debug("NOTIFY of zone {} serial {} to {}: acknowledged", peer.zone.name(), out.serial(), from);
            }
            peer.toldSerial = out.serial();
            peer.outstanding = null;
            return;
        }
    }

    /** An answer to a signed NOTIFY counts only when signed with the same key (RFC 8945 §5.3). */
    private boolean verified(ByteBuf in, Peer peer, Outstanding out) {
        int tsigAt = Sections.lastRecordOffset(in);
        TsigRecord tsig = tsigAt < 0 ? null : TsigRecord.read(in, 0, tsigAt, in.readableBytes());
        TsigCheck check = tsig == null ? null
                : verifier.verifyAnswer(in, 0, tsig, peer.target.key(), out.signer().lastMac());
        if (check == null || !check.verified()) {
            log.warn("NOTIFY of zone {} to {}: the answer's TSIG does not verify ({}); ignored", peer.zone.name(),
                    peer.target.address(), check == null ? "unsigned" : TsigError.name(check.error()));
            return false;
        }
        return true;
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(2000);
            channel.close();
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.debug("closing the NOTIFY socket: {}", e.toString());
        }
    }
}
