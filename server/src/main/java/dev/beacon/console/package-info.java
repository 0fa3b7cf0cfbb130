/**
 * The operator web console under {@code /console/} on the admin listener: sign-in with an admin
 * token, a session cookie and CSRF checks, and server-rendered pages (jte templates, compiled at
 * build time) over the operator API, called in process with the session's token. Charts are
 * drawn by uPlot, served from the jar like every other asset.
 */
package dev.beacon.console;
