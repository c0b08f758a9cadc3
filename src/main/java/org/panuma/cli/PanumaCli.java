package org.panuma.cli;

import java.util.List;
import org.panuma.api.Numa;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The `panuma` command: see, move and explain where memory lives on NUMA machines. */
public final class PanumaCli implements Runnable {
    /** The commands, in the order the root's help lists them (picocli's `help` comes last). */
    static final List<String> COMMANDS = List.of("nodes", "where", "move", "migrate", "policy", "run", "stat",
            "simulate", "demo", "exporter");

    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (try `panuma --help`)");
    }

    /** The root's model, bound to a new PanumaCli, without its commands. */
    static CommandSpec spec() {
        PanumaCli c = new PanumaCli();
        CommandSpec spec = CommandSpecs.command(c, "panuma", new String[] {"Put memory where it belongs on NUMA machines."},
                "%n" + ExitCodes.HELP);
        spec.versionProvider(new VersionProvider());
        c.spec = CommandSpecs.withHelpOptions(spec);
        return spec;
    }

    /** The configured command line with every command: tests run commands through this with their own writers. */
    public static CommandLine commandLine() {
        CommandSpec root = spec();
        for (String name : COMMANDS) {
            root.addSubcommand(name, CommandSpecs.commandLine(newCommand(name)));
        }
        // picocli's own help command, read from its annotations: only this whole tree has it (help
        // and listings, not the commands' fast path below), and AutoComplete knows it by its class.
        root.addSubcommand("help", new CommandLine(new CommandLine.HelpCommand(), CommandSpecs.FACTORY));
        return configure(CommandSpecs.commandLine(root));
    }

    /**
     * The configured command line for these arguments. When the first argument names a command,
     * only that command's model is built, under a bare "panuma" root: building every command's
     * model cost more than running `panuma nodes` itself when picocli built them by reflection
     * (BENCHMARKS.md, item 5), and is still work a command does not need. Anything else (no
     * arguments, `--help`, `help`, a typo) gets the whole tree, so listings and suggestions are
     * unchanged.
     */
    public static CommandLine commandLine(String... args) {
        CommandSpec command = args.length > 0 ? newCommand(args[0]) : null;
        if (command == null) {
            return commandLine();
        }
        // Root options are never parsed on this path (the first argument is the command), so the
        // root needs only its name, which usage and error messages show ("panuma where").
        CommandLine root = CommandSpecs.commandLine(CommandSpecs.bare().name("panuma"));
        root.addSubcommand(args[0], CommandSpecs.commandLine(command));
        return configure(root);
    }

    /** The model of the command named {@code name}, bound to a new instance, or null when none has that name. */
    static CommandSpec newCommand(String name) {
        return switch (name) {
            case "nodes" -> NodesCommand.spec();
            case "where" -> WhereCommand.spec();
            case "move" -> MoveCommand.spec();
            case "migrate" -> MigrateCommand.spec();
            case "policy" -> PolicyCommand.spec();
            case "run" -> RunCommand.spec();
            case "stat" -> StatCommand.spec();
            case "simulate" -> SimulateCommand.spec();
            case "demo" -> DemoCommand.spec();
            case "exporter" -> ExporterCommand.spec();
            default -> null;
        };
    }

    /** Settings for the whole hierarchy: picocli applies them to the subcommands present now. */
    private static CommandLine configure(CommandLine cli) {
        CommandLine run = cli.getSubcommands().get("run");
        if (run != null) {
            // numactl's form: options end at the command, whose own options are its arguments.
            run.setStopAtPositional(true);
        }
        return cli
                // "@FILE" is a value, never arguments read from FILE: under sudo, expansion would
                // echo another user's (or root's) file in error messages.
                .setExpandAtFiles(false)
                .setExecutionExceptionHandler(new ErrorHandler())
                .setParameterExceptionHandler(new ErrorHandler.Parameters(cli.getParameterExceptionHandler()))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .registerConverter(Integer.class, AsciiNumbers.INTEGER)
                .registerConverter(Integer.TYPE, AsciiNumbers.INTEGER)
                .registerConverter(Double.class, AsciiNumbers.DECIMAL)
                .registerConverter(Double.TYPE, AsciiNumbers.DECIMAL);
    }

    /** JNA reads this instead of asking {@code /sbin/ldconfig -p} for the library directories. */
    static final String JNA_LIBRARY_PATH = "jna.platform.library.path";

    public static void main(String[] args) {
        skipJnaLdconfig();
        skipUnusedConverters();
        prepareBackendFor(args);
        int code = commandLine(args).execute(args);
        if (code == ExitCodes.SUCCESS && onlyDaemonThreadsLeft()) {
            // Returning ends the JVM with status 0 once main is its last thread. System.exit logs
            // the exit through a System.Logger (JDK 21+), and finding the logger's backend scans
            // the class path for logging services: it opens the jar and indexes its 3,300
            // entries, about 0.01 s of wall and 0.02 s of CPU time of a 0.1 s command
            // (BENCHMARKS.md, start-up fifth pass). A failure's status needs System.exit.
            return;
        }
        System.exit(code);
    }

    /** Starts linking the backend's downcall beside the parse, for the commands that begin with system calls. */
    static void prepareBackendFor(String[] args) {
        if (args.length > 0 && (CALLS_THE_KERNEL_FIRST.contains(args[0])
                || args[0].equals("where") && !WhereCommand.numastatViewOnly(args))) {
            Numa.prepareInBackground();
        }
    }

    /**
     * True when no thread but this one would keep the JVM alive after main returns. A command
     * leaves none behind; should one ever do, System.exit still ends the JVM instead of leaving
     * the command hanging.
     */
    private static boolean onlyDaemonThreadsLeft() {
        ThreadGroup group = Thread.currentThread().getThreadGroup();
        Thread[] threads = new Thread[group.activeCount() + 16];
        int count = group.enumerate(threads);
        for (int i = 0; i < count; i++) {
            Thread t = threads[i];
            if (t != Thread.currentThread() && !t.isDaemon() && t.isAlive()) {
                return false;
            }
        }
        return count < threads.length;
    }

    /**
     * The commands whose work starts with system calls on a process (its pidfd, move_pages).
     * `where` only for its views other than numastat's, which makes none.
     */
    private static final java.util.Set<String> CALLS_THE_KERNEL_FIRST = java.util.Set.of("move", "migrate",
            "policy", "stat", "run");

    /** picocli reads this regular expression of type names before registering its built-in converters. */
    static final String PICOCLI_CONVERTER_EXCLUDES = "picocli.converters.excludes";

    /**
     * The types of java.sql and java.time, whose converters picocli registers by reflection in
     * every command line it makes (Class.forName and getDeclaredMethod, nineteen times each):
     * 1.3 ms of the model's build, and 133 classes the short reports' AOT cache held and every
     * start loaded (BENCHMARKS.md, start-up seventh pass). No option of panuma has such a type
     * ({@code PanumaCliTest} checks); java.nio.file.Path, which some have, keeps its converter.
     * Only here, not in the library, and unless the user set the property.
     */
    static final String UNUSED_CONVERTERS = "java\\.(sql|time)\\..+";

    static void skipUnusedConverters() {
        setUnlessTheUserDid(PICOCLI_CONVERTER_EXCLUDES, UNUSED_CONVERTERS);
    }

    /**
     * Unless the property is set, JNA's NativeLibrary runs {@code /sbin/ldconfig -p} (a child
     * process, ≈0.1 s) when first loaded, and `panuma nodes` loads it to report whether the JNA
     * backend is available. panuma loads libc by its file name (libc.so.6), which dlopen finds by
     * itself, so the command line's own JVM does without that list. Only here, not in the
     * library: a host application's JNA may need the list for its own libraries.
     */
    static void skipJnaLdconfig() {
        setUnlessTheUserDid(JNA_LIBRARY_PATH, "");
    }

    /** A setting of the command line's own JVM: a value the user gave (-D, JAVA_TOOL_OPTIONS) wins. */
    private static void setUnlessTheUserDid(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
