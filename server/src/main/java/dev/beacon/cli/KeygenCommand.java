package dev.beacon.cli;

import dev.beacon.config.KeyFile;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code beacon keygen}: prints a new zone key. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Print a new zone key: base64 of 32 random bytes (save it with beacon keygen > zone.key).",
            "It seals every token of its zone: keep it secret, and back it up with the database."})
final class KeygenCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.out.println(KeyFile.newKeyText(new SecureRandom()));
        return 0;
    }
}
