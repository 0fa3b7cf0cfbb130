package dev.beacon.checkpoint;

/** Why a checkpoint cannot be the start: missing, damaged, of another version, or of another database state. */
public final class CheckpointUnusable extends Exception {

    private static final long serialVersionUID = 1L;

    public CheckpointUnusable(String reason) {
        super(reason);
    }

    public CheckpointUnusable(String reason, Throwable cause) {
        super(reason, cause);
    }
}
