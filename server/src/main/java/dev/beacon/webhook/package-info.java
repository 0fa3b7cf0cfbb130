/**
 * Webhooks: each committed change a zone's hooks subscribe to becomes an event in the outbox, in
 * the change's own transaction, and is POSTed, signed, to the receiver, in journal order, until it
 * answers 2xx.
 */
package dev.beacon.webhook;
