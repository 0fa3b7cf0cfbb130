/**
 * RFC 2136 UPDATE in: a signed message read and checked against the keys a zone grants
 * ({@code allow-update}), its prerequisites and edits decided against the names' records in one
 * registry commit, and the signed answer.
 */
package dev.beacon.update;
