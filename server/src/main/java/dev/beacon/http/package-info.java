/**
 * The HTTP and HTTPS listeners of the device API (Netty): limits, deadlines, TLS identity,
 * trusted proxies, field decoding, replies in request order, graceful drain.
 */
package dev.beacon.http;
