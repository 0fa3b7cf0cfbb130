/**
 * The device protocol, independent of HTTP: admission (flood limits, token), field validation,
 * the registry decision, and the reply code every dialect translates.
 */
package dev.beacon.device;
