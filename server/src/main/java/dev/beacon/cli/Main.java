package dev.beacon.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code beacon} command. */
@Command(name = "beacon", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Beacon: a dynamic DNS server for device fleets.",
        subcommands = {ServeCommand.class, ImportCommand.class, ExportCommand.class, BackupCommand.class,
            RestoreCommand.class, ReloadCommand.class, ClientCommand.class, KeygenCommand.class, TokenCommand.class, ProvisionCommand.class,
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

    /** The version, the commit and the time of the build: {@code beacon 0.1.0 (commit 93989fd, built ...)}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties build = build();
            String commit = known(build.getProperty("commit"));
            if (commit != null && "true".equals(build.getProperty("dirty"))) {
                commit += " with uncommitted changes";
            }
            String built = known(build.getProperty("built"));
            return new String[] {"beacon " + version() + " (commit " + (commit == null ? "unknown" : commit)
                    + ", built " + (built == null ? "unknown" : built) + ")"};
        }

        /** A property the build filled in, or null where it could not (no git: the placeholder is left). */
        private static String known(String value) {
            return value == null || value.isBlank() || value.startsWith("${") ? null : value;
        }
    }

    static String version() {
        String version = build().getProperty("version");
        return version == null || version.startsWith("${") ? "dev" : version;
    }

    private static Properties build() {
        Properties p = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("/beacon-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // A jar without the file is a development build: "dev", commit unknown.
        }
        return p;
    }
}
