package dev.beacon.server;

import dev.beacon.config.BeaconConfig;
import dev.beacon.config.ConfigException;

/** Reads the config again, as the server first read it (its file and command line): for reloads. */
@FunctionalInterface
public interface ConfigSource {
    BeaconConfig load() throws ConfigException;
}
