/**
 * The beacon command line (picocli): serve, import, client, keygen, token, and the start-up
 * banner. The entry point where a process begins.
 */
package dev.beacon.cli;
