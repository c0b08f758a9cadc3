package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.panuma.fuzz.Bounded;
import org.panuma.fuzz.FuzzTally;
import org.panuma.spi.Printable;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Every option of every command, found by walking picocli's model (so a new option is fuzzed
 * without anyone listing it), given hostile values: control and escape sequences, format and
 * lookup strings, other scripts' digits, a lone surrogate, overflowing and odd numbers, 100,000
 * characters. Each case runs in this JVM under a deadline and an allocation budget ({@link
 * Bounded}) against a harmless target, spliced into a valid base command so the value is the only
 * thing wrong; it must end with a documented exit code other than "internal error", no stack
 * trace, and, when it is a usage error, a message naming the value (escaped as {@code ls -b} does)
 * or, for a blank or very long one, the option. A value that happens to be valid may succeed.
 * {@link CliBadInputIT} holds the hand-picked malformed values of each option and their exact codes.
 */
class CliOptionFuzzIT {
    static final FuzzTally TALLY = new FuzzTally("cli-option-fuzz");
    /** Long enough for a command on a loaded 2-core machine; a hang runs far past it. */
    static final Bounded BOUNDED = new Bounded(60_000);
    /** Heap allocated by the command's own thread, per case: a blow-up, not a busy command, exceeds it. */
    static final long BUDGET_BYTES = 256L << 20;
    static final Set<Integer> DOCUMENTED = Set.of(ExitCodes.SUCCESS, ExitCodes.PAGES_NOT_MOVED, ExitCodes.USAGE,
            ExitCodes.PERMISSION_DENIED, ExitCodes.NO_SUCH_PROCESS, ExitCodes.BACKEND_UNAVAILABLE,
            ExitCodes.KERNEL_ERROR, ExitCodes.COMMAND_NOT_EXECUTABLE, ExitCodes.COMMAND_NOT_FOUND);
    /**
     * The one command that runs until stopped once its options are valid (the exporter serves): a
     * fuzzed value that happens to be valid (a pattern, a cgroup path, 0.5 seconds) would start a
     * server, not test the parser. Its hand-picked malformed values are in CliBadInputIT.
     */
    static final Set<String> RUNS_UNTIL_STOPPED = Set.of("exporter");
    /** Hostile values per option: a rotating share of {@link #hostile()}, so the run stays a few hundred cases. */
    static final int VALUES_PER_OPTION = 8;
    static final String LONG = "9".repeat(100_000);

    @TempDir
    static Path dir;
    static Process target;
    static MalformedValues base;

    @BeforeAll
    static void start() throws IOException {
        target = new ProcessBuilder("sleep", "600").start();
        base = new MalformedValues(dir, Long.toString(target.pid()));
    }

    @AfterAll
    static void stop() {
        if (target != null) {
            target.destroy();
        }
        TALLY.write();
        BOUNDED.close();
    }

    /** The hostile values; a path option gets them inside the test's directory (see {@link #asGiven}). */
    static List<String> hostile() {
        return List.of("", " ", "\t", "-", "=", "\u001b]0;owned\u0007", "\u001b[2J", "a\nb", "x\ry", "\u0000",
                "\u0085", "\u202eevil", "%n%s%x", "${jndi:ldap://x/a}", "$(id)", "@" + dir.resolve("args"),
                "\uff11", "\u0661", "\ud800", "-1", "-0", "+1", "0x7fffffffffffffff", "9223372036854775808",
                "2147483648", "-2147483649", "1e309", "NaN", "Infinity", "0.5", "1,,2", "0-", "1" + "0".repeat(400),
                LONG, "../".repeat(40), "*".repeat(64) + "a");
    }

    @TestFactory
    Stream<DynamicTest> everyOption_hostileValues_endDocumentedNamingTheValue() throws IOException {
        Files.writeString(dir.resolve("args"), "--debug\n");
        List<DynamicTest> tests = new ArrayList<>();
        int offset = 0;
        for (Map.Entry<String, CommandLine> c : PanumaCli.commandLine().getSubcommands().entrySet()) {
            String command = c.getKey();
            if (command.equals("help") || RUNS_UNTIL_STOPPED.contains(command)) {
                continue;
            }
            for (ArgSpec a : c.getValue().getCommandSpec().args()) {
                if (!(a instanceof OptionSpec o) || o.usageHelp() || o.versionHelp()) {
                    continue; // positionals: pids and programs are CliBadInputIT's (a fuzzed one could name a live process)
                }
                String key = MalformedValues.key(command, a);
                // Each option gets the next VALUES_PER_OPTION values of the list, wrapping around:
                // over the options every value is tried, and each option gets a mix of kinds.
                List<String> all = hostile();
                for (int k = 0; k < VALUES_PER_OPTION; k++) {
                    String value = all.get((offset++) % all.size());
                    // As the launcher would hand it over: argv is bytes, decoded as UTF-8 (a lone
                    // surrogate cannot arrive, its bytes come as U+FFFD).
                    String given = asGiven(o, new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
                    List<String> argv = base.commandWith(command, a, given);
                    tests.add(dynamicTest(key + " = " + MalformedValues.show(abbreviate(value)),
                            () -> check(key, o, argv, given)));
                }
            }
        }
        assertTrue(tests.size() > 300, tests.size() + " cases");
        return tests.stream();
    }

    /** Numbers no option takes: beyond a double, not finite, negative, in exponent or hex form, or too long for a long. */
    static List<String> absurdNumbers() {
        return List.of("1e309", "-1e309", "Infinity", "-Infinity", "NaN", "+NaN", "-1", "-0.5", "1e3", "0x10",
                "99999999999999999999", "1" + "0".repeat(400));
    }

    /** The options that take a number, a count, a duration, a size, a node or CPU list, a range or an address. */
    static final Set<String> NUMERIC_LABELS = Set.of("N", "PAGES", "MB/s", "MiB", "PID", "SECONDS", "SIZE", "NODE",
            "NODES", "CPUS", "START-END", "HEX,HEX,...", "ADDR:PORT");

    /**
     * Every numeric option of every command, the exporter's included (none of these values is
     * valid, so no server starts), gets every absurd number, and each is a usage error (exit 2,
     * as every other) naming the value as it was typed.
     */
    @TestFactory
    Stream<DynamicTest> everyNumericOption_absurdNumbers_areUsageErrorsNamingTheValue() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, CommandLine> c : PanumaCli.commandLine().getSubcommands().entrySet()) {
            String command = c.getKey();
            if (command.equals("help")) {
                continue;
            }
            for (OptionSpec o : c.getValue().getCommandSpec().options()) {
                if (!NUMERIC_LABELS.contains(o.paramLabel())) {
                    continue;
                }
                String key = MalformedValues.key(command, o);
                for (String value : absurdNumbers()) {
                    if (o.paramLabel().startsWith("HEX") && value.matches("(0x)?[0-9a-f]+")) {
                        continue; // 1e3 and 1e309 are addresses in hex
                    }
                    List<String> argv = base.commandWith(command, o, value);
                    tests.add(dynamicTest(key + " = " + abbreviate(value), () -> {
                        Bounded.Outcome<Run> outcome = BOUNDED.run(key + "=" + abbreviate(value), BUDGET_BYTES,
                                () -> Run.of(argv.toArray(String[]::new)));
                        if (outcome.thrown() != null) {
                            throw new AssertionError("the command threw for " + key + "=" + value, outcome.thrown());
                        }
                        Run run = outcome.value();
                        assertEquals(ExitCodes.USAGE, run.exitCode, key + "=" + abbreviate(value) + "\n" + run);
                        assertTrue(value.length() > 200 ? run.err.contains(o.longestName()) : run.err.contains("'" + value + "'"),
                                "the message names " + key + "=" + abbreviate(value) + " as typed:\n" + run.err);
                        TALLY.count(key, true);
                    }));
                }
            }
        }
        assertTrue(tests.size() > 150, tests.size() + " cases");
        return tests.stream();
    }

    /** A file option's value is put inside the test's directory: no case writes into the checkout. */
    static String asGiven(OptionSpec o, String value) {
        boolean file = o.paramLabel().contains("FILE") || o.type() == Path.class || o.type() == java.io.File.class;
        return file && !value.isEmpty() ? dir.resolve("f").toString() + "/" + value : value;
    }

    private static void check(String key, OptionSpec o, List<String> argv, String value) {
        Bounded.Outcome<Run> outcome = BOUNDED.run(key + "=" + abbreviate(value), BUDGET_BYTES,
                () -> Run.of(argv.toArray(String[]::new)));
        if (outcome.thrown() != null) {
            throw new AssertionError("the command threw for " + key + "=" + abbreviate(value), outcome.thrown());
        }
        Run run = outcome.value();
        String all = run.out + run.err;
        String shown = key + "=" + MalformedValues.show(abbreviate(value)) + "\n" + abbreviate(run.toString());
        assertTrue(DOCUMENTED.contains(run.exitCode), "undocumented exit " + run.exitCode + " for " + shown);
        // A value that turns --debug on asks for stack traces: that is what --debug is for.
        boolean debug = List.of(o.names()).contains("--debug");
        assertFalse(!debug && (all.contains("\tat ") || all.contains("Exception") || all.contains("Error:")),
                "a stack trace or exception name for " + shown);
        if (run.exitCode == ExitCodes.USAGE) {
            String v = value.strip();
            boolean namesValue = !v.isEmpty() && v.length() <= 200 && named(run.err, v);
            boolean namesOption = Stream.of(o.names()).anyMatch(run.err::contains);
            assertTrue(namesValue || ((v.isEmpty() || v.length() > 200) && namesOption),
                    "the message names neither the value nor (blank or long) the option: " + shown);
        }
        TALLY.count(key, run.exitCode != ExitCodes.SUCCESS);
    }

    /**
     * Whether the message names the value: as typed (escaped as ls -b does), or the element of a
     * comma list that is wrong, or the number it reads as ("-0" as '0'), or the path it names.
     */
    static boolean named(String err, String v) {
        if (err.contains(v) || err.contains(Printable.escape(v))) {
            return true;
        }
        for (String part : v.split(",")) {
            if (!part.isBlank() && (err.contains("'" + part.strip() + "'") || err.contains("'" + Printable.escape(part.strip()) + "'"))) {
                return true;
            }
        }
        try {
            if (err.contains("'" + Long.parseLong(v) + "'")) {
                return true;
            }
        } catch (NumberFormatException notANumber) {
            // not a number
        }
        try {
            String path = Path.of(v).toString();
            return err.contains(path) || err.contains(Printable.escape(path));
        } catch (RuntimeException notAPath) {
            return false;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "... (" + s.length() + " chars)";
    }
}
