package dev.beacon.dns;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.CompletableFuture;

/** Answers zone transfer requests; the transfer package implements it. */
public interface TransferService {

    /**
     * Answers a transfer over TCP: writes its messages to the connection, as many as it takes,
     * now or later (a journal read happens off the event loop).
     *
     * @param progress called on the connection's event loop each time a message is produced, so
     *     the connection counts as busy while the client keeps reading
     * @return completes when the last message is written, or the connection failed
     */
    CompletableFuture<Void> overTcp(TransferRequest request, ChannelHandlerContext context, Runnable progress);

    /** Answers a transfer over UDP with one message written to {@code out} (RFC 1995 §2: the SOA alone). */
    void overUdp(TransferRequest request, ByteBuf out);
}
