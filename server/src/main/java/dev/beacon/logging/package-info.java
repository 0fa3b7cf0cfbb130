/**
 * Logging set-up (level, JSON) and throttled logs for routine refusals.
 */
package dev.beacon.logging;
