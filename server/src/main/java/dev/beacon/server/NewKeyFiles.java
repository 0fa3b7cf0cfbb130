package dev.beacon.server;

import dev.beacon.config.BeaconConfig;
import dev.beacon.config.KeyFile;
import dev.beacon.registry.RegistrySnapshot;
import java.io.IOException;
import java.util.List;

/**
 * Writes the zone keys the config generated because their files were missing, but only for a
 * zone that holds no names. Every device's token is sealed with its zone's key: a key file
 * deleted beside a populated database must stop the server, not be silently replaced by a new key
 * that turns every device's next request into {@code 02}.
 */
public final class NewKeyFiles {

    private NewKeyFiles() {
    }

    public static void write(List<BeaconConfig.NewKeyFile> files, RegistrySnapshot loaded) throws StartupException {
        for (BeaconConfig.NewKeyFile file : files) {
            var zone = loaded.zone(file.zone());
            long names = zone == null ? 0 : zone.size();
            if (names > 0) {
                throw new StartupException("zone " + file.zone() + ": key file " + file.file() + " is missing, but the"
                        + " database holds " + names + " names sealed with it; restore that file from backup (or"
                        + " name the key with --key-file or zones[].keys). Beacon makes a new key only for an empty zone",
                        null);
            }
            try {
                KeyFile.writeNew(file.file(), file.base64());
            } catch (IOException e) {
                throw new StartupException("zone " + file.zone() + ": cannot write key file " + file.file() + ": " + e, e);
            }
        }
    }
}
