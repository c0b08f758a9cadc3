package org.panuma.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.panuma.api.Numa;
import picocli.CommandLine;

/**
 * The training run of the shipped AOT cache (pom.xml, profile aot-cache): the common commands,
 * each the way {@link PanumaCli#main} runs it, in one JVM, their output thrown away. The cache
 * holds the classes a training run loads and links; trained on `nodes` alone it left out what
 * `where`, `policy` and the whole-tree help need, so those loaded and verified them from the jar
 * at every start. `where` and `policy` look at this JVM itself, so training needs no other
 * process and moves nothing.
 *
 * <p>No `--json` here, on purpose: the JDK loads every class of the cache when the JVM starts
 * (AOT class linking), so Jackson's classes in the cache were loaded by every command, also by
 * those that print text (443 classes for `panuma nodes`, BENCHMARKS.md item 5). `--json` loads
 * them from the cache made for JSON (below), which ./panuma picks when the arguments hold `--json`.
 * For the same reason the text cache leaves out the whole-tree help (`panuma --help`): it loads
 * every command class, and verifying simulate's loads Jackson types its methods use.
 */
public final class AotTraining {
    private AotTraining() {
    }

    /** The commands trained on, {@code SELF} standing for this JVM's pid. */
    static final List<List<String>> COMMANDS = List.of(
            List.of("nodes"),
            List.of("where", "SELF"),
            List.of("where", "SELF", "--regions"), // the page-by-page views: smaps, the queries
            List.of("policy"),
            List.of("policy", "SELF"),
            List.of("where", "--help"));

    /**
     * The commands of the second cache, target/panuma-json.aot, which ./panuma uses when the
     * arguments hold {@code --json}: the text commands, their JSON, and the whole-tree help.
     */
    static final List<List<String>> JSON_COMMANDS = List.of(
            List.of("nodes"),
            List.of("nodes", "--json"),
            List.of("where", "SELF"),
            List.of("where", "SELF", "--json"),
            List.of("policy"),
            List.of("policy", "SELF", "--json"),
            List.of("--help"),
            List.of("where", "--help"),
            // The move pipeline's classes, so a move does not load them from the jar while its
            // first batch moves: pages already on NODE, to NODE, so nothing moves.
            List.of("move", "SELF", "--to", "NODE", "--from", "NODE", "--no-progress", "--json"));

    /**
     * The commands of the third cache, target/panuma-procfs.aot, which ./panuma uses for the
     * reports made from /proc and /sys alone: `panuma nodes` and numastat's view of `panuma where
     * PID`. They make no system call, so their cache leaves out the downcall linker's classes
     * (jdk.internal.foreign, the class-file API) that the text cache holds for `policy` and the
     * page-by-page views, and that the JVM would load at every start: about 0.013 s of wall and
     * CPU time of `nodes` (BENCHMARKS.md, start-up fifth pass).
     */
    static final List<List<String>> PROCFS_COMMANDS = List.of(List.of("nodes"), List.of("where", "SELF"));

    /**
     * Trains on {@link #COMMANDS}; with the argument {@code --json} on {@link #JSON_COMMANDS},
     * with {@code --procfs} on {@link #PROCFS_COMMANDS}.
     */
    public static void main(String[] options) {
        PanumaCli.skipJnaLdconfig();
        PanumaCli.skipUnusedConverters();
        String set = options.length > 0 ? options[0] : "";
        List<List<String>> commands = switch (set) {
            case "--json" -> JSON_COMMANDS;
            case "--procfs" -> PROCFS_COMMANDS;
            case "" -> COMMANDS;
            default -> throw new IllegalArgumentException("unknown training set " + set + "; --json, --procfs or none");
        };
        String self = Long.toString(ProcessHandle.current().pid());
        // The node this JVM's memory is on is where its move goes: a node with memory it may use.
        // Asked only for a set that moves: opening the backend first would run start-up code
        // before the commands, which a real start runs inside them (and the cache must hold).
        String node = commands.stream().anyMatch(c -> c.contains("NODE"))
                ? Integer.toString(Numa.open().topology().memsAllowed().first()) : null;
        PrintWriter discard = new PrintWriter(OutputStream.nullOutputStream(), true);
        StringBuilder failures = new StringBuilder();
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>();
            for (String a : command) {
                args.add(a.equals("SELF") ? self : a.equals("NODE") ? node : a);
            }
            String[] argv = args.toArray(new String[0]);
            PanumaCli.prepareBackendFor(argv); // as main does: its thread's classes belong in the cache too
            CommandLine cli = PanumaCli.commandLine(argv);
            cli.setOut(discard);
            cli.setErr(discard);
            int code = cli.execute(argv);
            if (code != ExitCodes.SUCCESS) {
                failures.append(" `panuma ").append(String.join(" ", command)).append("` exited ").append(code);
            }
        }
        // A failed command trained less than it should: say so in the build log, but a cache
        // that covers less is still valid, so the build goes on.
        System.out.println("AOT training ran " + commands.size() + " commands"
                + (failures.length() == 0 ? "" : "; failed:" + failures));
        // Returning, as PanumaCli.main ends a command that succeeded: without System.exit, whose
        // logger lookup's classes the cache would otherwise hold and every start would load.
    }
}
