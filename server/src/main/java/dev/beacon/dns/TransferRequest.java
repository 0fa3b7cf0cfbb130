package dev.beacon.dns;

import dev.beacon.tsig.TsigCheck;
import java.net.InetAddress;

/**
 * A zone transfer request (AXFR or IXFR), screened and, when signed, verified: what the transfer
 * path needs to authorise and answer it. Immutable.
 *
 * @param id the query ID, echoed in every message of the answer
 * @param flags the header flags to echo (opcode, RD, CD), in header position
 * @param question the question as received (name in the requester's case, type, class)
 * @param zone the question name, lowercase, without trailing dot
 * @param incremental IXFR rather than AXFR
 * @param clientSerial the serial an IXFR says the requester holds, or -1
 * @param tsig the verified signature, or null for an unsigned request
 * @param source the requester's address
 * @param edns the request had an OPT record, so each answer carries one (RFC 6891 §7)
 */
public record TransferRequest(int id, int flags, byte[] question, String zone, boolean incremental, long clientSerial,
        TsigCheck tsig, InetAddress source, boolean edns) {

    public TransferRequest {
        question = question.clone();
    }

    @Override
    public byte[] question() {
        return question.clone();
    }

    /** The requester, with the key it signed with when it did: for logs. */
    public String describe() {
        return dev.beacon.ip.IpLiteral.format(source) + (tsig == null ? " (unsigned)" : " (key " + tsig.key().name() + ")");
    }
}
