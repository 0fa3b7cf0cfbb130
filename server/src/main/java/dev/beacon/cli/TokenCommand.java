package dev.beacon.cli;

import dev.beacon.token.DeviceId;
import dev.beacon.token.TokenCodec;
import dev.beacon.token.TokenKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code beacon token}: mints a device token, as firmware would. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Print a device token: the device id sealed with the zone key (protocol section 2).")
final class TokenCommand implements Callable<Integer> {

    @Option(names = "--key-file", required = true, paramLabel = "FILE", description = "Zone key file (base64).")
    Path keyFile;

    @Option(names = "--kid", defaultValue = "1", paramLabel = "N", description = "Key id, 0..255 (default 1).")
    int kid;

    @Option(names = "--id", required = true, paramLabel = "ID", description = "Device id: a MAC in any spelling, or a serial.")
    String id;

    @Option(names = "--static", description = "A static token (never expires) for clients that store a fixed password; "
            + "accepted only where the zone allows static tokens.")
    boolean isStatic;

    @Override
    public Integer call() {
        TokenKey key;
        try {
            key = TokenKey.fromBase64(kid, Files.readString(keyFile, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            System.err.println("beacon token: cannot read " + keyFile + ": " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            System.err.println("beacon token: " + keyFile + ": " + e.getMessage());
            return 2;
        }
        DeviceId device;
        try {
            device = DeviceId.parse(id);
        } catch (IllegalArgumentException e) {
            System.err.println("beacon token: --id: " + e.getMessage());
            return 2;
        }
        long issuedAt = isStatic ? 0 : System.currentTimeMillis() / 1000;
        System.out.println(new TokenCodec(new SecureRandom()).mint(key, device, issuedAt));
        return 0;
    }
}
