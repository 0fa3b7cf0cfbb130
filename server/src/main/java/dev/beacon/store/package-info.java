/**
 * Durable state over JDBC (SQLite, PostgreSQL): schema migrations, commits with the gap-free
 * journal, the node lease, and the database URL.
 */
package dev.beacon.store;
