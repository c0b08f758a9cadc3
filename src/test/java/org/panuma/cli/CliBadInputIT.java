package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.panuma.fuzz.FuzzTally;
import org.panuma.spi.Printable;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Every option and parameter of every command, fed malformed values through the real command
 * line (picocli with captured writers) against a live target process: each must end with the
 * usage exit code (or, for a pattern that matches nothing, "no such process"), a message that
 * names the bad value, nothing on stdout and no stack trace. An option with no malformed values
 * in {@link MalformedValues} fails {@link #everyOptionOfEveryCommand_hasMalformedValues}, so a
 * new option cannot slip past.
 */
class CliBadInputIT {
    static final FuzzTally TALLY = new FuzzTally("cli-bad-input");

    @TempDir
    static Path dir;
    static Process target;
    static MalformedValues values;

    @BeforeAll
    static void start() throws IOException {
        // A process of this user that nothing else matches; harmless to move (it only sleeps).
        target = new ProcessBuilder("sleep", "600").start();
        values = new MalformedValues(dir, Long.toString(target.pid()));
    }

    @AfterAll
    static void stop() {
        if (target != null) {
            target.destroy();
        }
        TALLY.write();
    }

    @Test
    void everyOptionOfEveryCommand_hasMalformedValues() {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, CommandLine> c : PanumaCli.commandLine().getSubcommands().entrySet()) {
            if (c.getKey().equals("help")) {
                continue;
            }
            for (ArgSpec a : c.getValue().getCommandSpec().args()) {
                if (a instanceof OptionSpec o && (o.usageHelp() || o.versionHelp())) {
                    continue;
                }
                String key = MalformedValues.key(c.getKey(), a);
                if (values.forArg(key).isEmpty()) {
                    missing.add(key);
                }
            }
        }
        assertEquals(List.of(), missing, "options without malformed-value cases (add them to MalformedValues)");
    }

    @TestFactory
    Stream<DynamicTest> malformedValues_areUsageErrorsNamingTheValue() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, CommandLine> c : PanumaCli.commandLine().getSubcommands().entrySet()) {
            if (c.getKey().equals("help")) {
                continue;
            }
            for (ArgSpec a : c.getValue().getCommandSpec().args()) {
                String key = MalformedValues.key(c.getKey(), a);
                for (MalformedValues.Case bad : values.forArg(key)) {
                    List<String> argv = values.commandWith(c.getKey(), a, bad.value());
                    tests.add(dynamicTest(key + " = " + MalformedValues.show(bad.value()), () -> check(key, argv, bad)));
                }
            }
        }
        return tests.stream();
    }

    private static void check(String key, List<String> argv, MalformedValues.Case bad) {
        Run run = Run.of(argv.toArray(String[]::new));
        String all = run.out + run.err;
        assertTrue(bad.codes().contains(run.exitCode), "exit " + run.exitCode + ", expected one of " + bad.codes()
                + " for " + argv + "\n" + run);
        assertFalse(all.contains("\tat ") || all.contains("Exception") || all.contains("Error:"),
                "a stack trace or exception name in the output of " + argv + "\n" + run);
        assertEquals("", run.out, "nothing on stdout for " + argv);
        String named = bad.named();
        // A value with control characters is named escaped (as ls -b does): it must not drive the terminal.
        assertTrue(run.err.contains(named) || run.err.contains(Printable.escape(named)),
                "the message names '" + named + "' for " + argv + "\n" + run);
        TALLY.count(key, true);
    }

    /** A sanity check of the harness itself: the base commands are valid, so every failure above is the value's. */
    @Test
    void baseCommands_withGoodValues_succeed() {
        for (String cmd : new TreeSet<>(List.of("where", "policy", "nodes"))) {
            Run run = Run.of(values.base(cmd).toArray(String[]::new));
            assertEquals(ExitCodes.SUCCESS, run.exitCode, cmd + ": " + run);
        }
        Run move = Run.of(values.base("move").toArray(String[]::new));
        assertTrue(move.exitCode == ExitCodes.SUCCESS || move.exitCode == ExitCodes.PAGES_NOT_MOVED, move.toString());
        if (!Files.isRegularFile(values.scenario())) {
            fail("no example scenario at " + values.scenario());
        }
    }
}
