/**
 * Network plumbing shared by the listeners: the epoll or NIO transport, and connection deadlines.
 */
package dev.beacon.io;
