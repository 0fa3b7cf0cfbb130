/**
 * Bulk import of devices from CSV (beacon import), decided by the registry's own rules and
 * committed in chunks.
 */
package dev.beacon.bulk;
