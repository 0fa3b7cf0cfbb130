package dev.beacon.registry;

/** Told of every commit the single writer makes, for metrics. Implementations are thread-safe and quick. */
public interface CommitObserver {

    /** Observes nothing. */
    CommitObserver NONE = new CommitObserver() {
        @Override
        public void committed(int commands, int changes, long nanos) {
        }

        @Override
        public void failed(int commands) {
        }
    };

    /**
     * A batch was committed durably.
     *
     * @param commands the commands decided in it
     * @param changes the journal entries it wrote (0 when every command changed nothing)
     * @param nanos how long the store's commit took (the transaction and its fsync)
     */
    void committed(int commands, int changes, long nanos);

    /** A batch failed to commit: its commands were answered with a server error. */
    void failed(int commands);
}
