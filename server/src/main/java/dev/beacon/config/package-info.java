/**
 * The YAML configuration and command-line overrides, validated into BeaconConfig and the settings
 * records of each capability; every error names its key.
 */
package dev.beacon.config;
