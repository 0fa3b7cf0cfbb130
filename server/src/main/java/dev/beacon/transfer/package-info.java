/**
 * Zone transfer to secondaries: who may transfer a zone, AXFR streamed from one registry
 * snapshot, IXFR condensed from the change journal, and NOTIFY to the configured secondaries.
 */
package dev.beacon.transfer;
