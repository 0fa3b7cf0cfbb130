/**
 * Flood detection: token buckets per client address and per device, and the wait a flooding
 * client is asked to observe (911).
 */
package dev.beacon.flood;
