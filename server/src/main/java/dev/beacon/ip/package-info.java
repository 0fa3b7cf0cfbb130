/**
 * IP address literals and what kind of address one is (public, non-public, never a host's).
 */
package dev.beacon.ip;
