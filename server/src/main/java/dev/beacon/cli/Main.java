package dev.beacon.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code beacon} command. */
@Command(name = "beacon", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Beacon: a dynamic DNS server for device fleets.",
        subcommands = {ServeCommand.class, ImportCommand.class, ClientCommand.class, KeygenCommand.class, TokenCommand.class,
            ProvisionCommand.class,
            AdminTokenCommand.class, AdminCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit status (0 ok, 1 failure, 2 usage or config error). */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "give a command: serve, import, client, keygen, token, admin-token or admin (beacon --help says what each does)");
    }

    /** The version from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"beacon " + version()};
        }
    }

    static String version() {
        try (InputStream in = Main.class.getResourceAsStream("/beacon-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
