package dev.beacon.zone;

import dev.beacon.tsig.TsigKey;
import java.net.InetAddress;
import java.util.List;

/**
 * How a zone is served to secondaries: who may transfer it (default: nobody) and whom to notify ({@code notifyTo})
 * when it changes. Immutable.
 */
public record ZoneTransfer(List<TransferRule> allow, List<NotifyTarget> notifyTo) {

    public ZoneTransfer {
        allow = List.copyOf(allow);
        notifyTo = List.copyOf(notifyTo);
    }

    public static ZoneTransfer none() {
        return new ZoneTransfer(List.of(), List.of());
    }

    /** Whether some rule admits a request signed with {@code signedWith} (null: unsigned) from {@code source}. */
    public boolean admits(TsigKey signedWith, InetAddress source) {
        for (TransferRule rule : allow) {
            if (rule.admits(signedWith, source)) {
                return true;
            }
        }
        return false;
    }
}
