package dev.beacon.console;

/**
 * What every signed-in page shows around its content.
 *
 * @param title the page's title
 * @param section which navigation entry is current: overview, devices, report or tokens
 * @param admin the admin token's name, or null on the sign-in page
 * @param canWrite whether actions are shown
 * @param csrf the session's form value, or null on the sign-in page
 * @param notice a one-line message about what was just done, or null
 */
public record Chrome(String title, String section, String admin, boolean canWrite, String csrf, String notice) {

    static Chrome signedIn(String title, String section, ConsoleSession session, String notice) {
        return new Chrome(title, section, session.name(), session.canWrite(), session.csrf(), notice);
    }

    static Chrome signedOut(String title) {
        return new Chrome(title, "", null, false, null, null);
    }
}
