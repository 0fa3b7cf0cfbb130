/**
 * How clients speak over HTTP: the native .aspx protocol, dyndns2, DuckDNS and configured rewrite
 * rules, each turned into calls of the one device API and back into its own reply text.
 */
package dev.beacon.dialect;
