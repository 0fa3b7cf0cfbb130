/**
 * TSIG (RFC 8945): shared-secret keys, and signing and verifying DNS messages as wire bytes,
 * including the chained signatures of a multi-message zone transfer.
 */
package dev.beacon.tsig;
