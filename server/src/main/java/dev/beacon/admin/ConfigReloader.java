package dev.beacon.admin;

import java.util.List;

/** Reloads the server's config file (SIGHUP, {@code POST /api/v1/reload}); implemented by the server. */
public interface ConfigReloader {

    /**
     * What a reload did.
     *
     * @param reloaded whether the file was read and its reloadable parts are in effect; false
     *     when it could not be used, and the running config stays whole
     * @param problem why not, or null
     * @param applied what a reload changes (keys, policies, flood limits...), in effect now
     * @param needRestart what differs in the file but takes a restart (listeners, storage, zones' DNS data)
     */
    record Outcome(boolean reloaded, String problem, List<String> applied, List<String> needRestart) {
        public Outcome {
            applied = List.copyOf(applied);
            needRestart = List.copyOf(needRestart);
        }
    }

    Outcome reload();
}
