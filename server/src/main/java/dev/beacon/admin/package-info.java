/**
 * The operator's listener: liveness, readiness and Prometheus metrics, on an address of its own
 * ({@code listen.admin}), apart from the devices' API.
 */
package dev.beacon.admin;
