package org.panuma.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `panuma` command: see, move and explain where memory lives on NUMA machines. */
@Command(name = "panuma", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Put memory where it belongs on NUMA machines.",
        subcommands = {NodesCommand.class, WhereCommand.class, MoveCommand.class, MigrateCommand.class,
            PolicyCommand.class, SimulateCommand.class, DemoCommand.class, CommandLine.HelpCommand.class},
        footer = {"%n" + ExitCodes.HELP})
public final class PanumaCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (try `panuma --help`)");
    }

    /** The configured command line: tests run commands through this with their own writers. */
    public static CommandLine commandLine() {
        return new CommandLine(new PanumaCli())
                .setExecutionExceptionHandler(new ErrorHandler())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
