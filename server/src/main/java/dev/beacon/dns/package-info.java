/**
 * The authoritative DNS server: UDP and TCP listeners, one screening of each message (malformed
 * input), and answers read from the registry snapshot.
 */
package dev.beacon.dns;
