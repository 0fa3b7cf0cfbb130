/**
 * Counts of requests and outcomes per User-Agent (which firmware misbehaves).
 */
package dev.beacon.fleet;
