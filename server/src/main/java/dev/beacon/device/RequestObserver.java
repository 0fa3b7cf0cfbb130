package dev.beacon.device;

/** Told of every device request's outcome, for metrics. Implementations are thread-safe and quick. */
public interface RequestObserver {

    /** Observes nothing. */
    RequestObserver NONE = new RequestObserver() {
        @Override
        public void answered(String dialect, String endpoint, String code, long nanos) {
        }

        @Override
        public void flooded(String kind) {
        }
    };

    /**
     * A request was answered.
     *
     * @param dialect {@code native}, {@code dyndns2}, {@code duckdns} or {@code rewrite}
     * @param endpoint the native endpoint ({@code update}...), or {@code hosts} for an update that names hosts
     * @param code the native reply code it stands for, or {@code none} (ipdetect, cipher)
     * @param nanos from the request's arrival at the device API to its answer, commit included
     */
    void answered(String dialect, String endpoint, String code, long nanos);

    /** A request was refused with 911: {@code address}, {@code device} or {@code server-wide token}. */
    void flooded(String kind);
}
