package dev.beacon.cli;

import picocli.CommandLine;

/** A command that only groups subcommands: run alone, it says which to give. */
abstract class CommandGroup implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        java.util.List<String> names = spec.subcommands().keySet().stream().filter(n -> !n.equals("help")).toList();
        throw new CommandLine.ParameterException(spec.commandLine(), "give a command: " + String.join(", ", names));
    }
}
