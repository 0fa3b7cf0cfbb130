/**
 * The operator's listener, on an address of its own ({@code listen.admin}), apart from the
 * devices' API: liveness, readiness and Prometheus metrics, and the operator API (admin tokens,
 * devices and their history, block and release, the fleet report).
 */
package dev.beacon.admin;
