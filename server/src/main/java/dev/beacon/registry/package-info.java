/**
 * The in-memory registry every reader consults without locks, its rules (add, update, remove,
 * rename), and the single writer that commits batches durably before replying.
 */
package dev.beacon.registry;
