/**
 * The data of a name: addresses, custom fields, TXT values, request metadata, and journal
 * changes. Immutable values shared by the domain, the store and DNS.
 */
package dev.beacon.record;
