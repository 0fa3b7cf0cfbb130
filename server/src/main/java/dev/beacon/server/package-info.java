/**
 * Wiring: builds every component by hand in data-flow order, starts the listeners, and stops them
 * in reverse (drain, commits, store).
 */
package dev.beacon.server;
