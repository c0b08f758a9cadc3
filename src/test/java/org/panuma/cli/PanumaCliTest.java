package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The one-command fast path of {@link PanumaCli#commandLine(String...)} behaves like the whole tree. */
class PanumaCliTest {
    private static final Set<String> COMMANDS = new TreeSet<>(PanumaCli.commandLine().getSubcommands().keySet());

    static {
        COMMANDS.remove("help");
    }

    /** Exit code, out and err of one run. */
    private static String run(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }

    @Test
    void everyCommandOfTheTree_hasAFastPath_andNothingElseDoes() {
        assertEquals(Set.of("nodes", "where", "move", "migrate", "policy", "run", "stat", "simulate", "demo", "exporter"),
                COMMANDS);
        for (String name : COMMANDS) {
            CommandLine.Model.CommandSpec command = PanumaCli.newCommand(name);
            assertNotNull(command, name);
            assertEquals(name, command.name());
        }
        assertNull(PanumaCli.newCommand("help"));
        assertNull(PanumaCli.newCommand("--help"));
        assertNull(PanumaCli.newCommand("node"));
    }

    @Test
    void fastPath_buildsOnlyTheInvokedCommand_underPanuma() {
        CommandLine cli = PanumaCli.commandLine("where", "1");

        assertEquals(Set.of("where"), cli.getSubcommands().keySet());
        assertEquals("panuma where", cli.getSubcommands().get("where").getCommandSpec().qualifiedName());
    }

    @Test
    void otherArguments_getTheWholeTree() {
        assertEquals(COMMANDS.size() + 1, PanumaCli.commandLine("--help").getSubcommands().size());
        assertEquals(COMMANDS.size() + 1, PanumaCli.commandLine("help", "nodes").getSubcommands().size());
        assertEquals(COMMANDS.size() + 1, PanumaCli.commandLine().getSubcommands().size());
        assertEquals(COMMANDS.size() + 1, PanumaCli.commandLine(new String[0]).getSubcommands().size());
    }

    @Test
    void helpVersionAndUsageErrors_readTheSameAsWithTheWholeTree() {
        for (String name : COMMANDS) {
            for (String[] args : new String[][] {{name, "--help"}, {name, "--version"}, {name, "--no-such-option"}}) {
                String whole = run(PanumaCli.commandLine(), args);
                String fast = run(PanumaCli.commandLine(args), args);
                assertEquals(whole, fast, String.join(" ", args));
            }
        }
    }

    @Test
    void aBadValue_givesTheSameMessageAndExitCode() {
        String[] args = {"nodes", "--backend"};
        assertEquals(run(PanumaCli.commandLine(), args), run(PanumaCli.commandLine(args), args));
    }

    @Test
    void noArgumentOfAnyCommand_hasATypeWhoseConverterIsSkipped() {
        java.util.regex.Pattern skipped = java.util.regex.Pattern.compile(PanumaCli.UNUSED_CONVERTERS);
        int checked = 0;
        for (CommandLine c : PanumaCli.commandLine().getSubcommands().values()) {
            for (CommandLine.Model.ArgSpec arg : c.getCommandSpec().args()) {
                for (Class<?> type : arg.auxiliaryTypes()) {
                    assertFalse(skipped.matcher(type.getName()).matches(),
                            c.getCommandName() + " " + arg.paramLabel() + ": " + type.getName());
                    checked++;
                }
            }
        }
        assertTrue(checked > 50, "arguments checked: " + checked);
        assertTrue(skipped.matcher("java.time.Duration").matches());
        assertTrue(skipped.matcher("java.sql.Timestamp").matches());
        assertFalse(skipped.matcher("java.nio.file.Path").matches());
    }

    @Test
    void skipUnusedConverters_keepsWhatTheUserSet() {
        setsItsDefault_butKeepsTheUsers(PanumaCli.PICOCLI_CONVERTER_EXCLUDES, PanumaCli::skipUnusedConverters,
                PanumaCli.UNUSED_CONVERTERS, "java.net.+");
    }

    @Test
    void skipJnaLdconfig_setsAnEmptyLibraryPath_butKeepsOneTheUserSet() {
        setsItsDefault_butKeepsTheUsers(PanumaCli.JNA_LIBRARY_PATH, PanumaCli::skipJnaLdconfig, "", "/opt/lib");
    }

    /** {@code setter} sets the property to {@code ownValue} when unset, and leaves {@code usersValue} alone. */
    private static void setsItsDefault_butKeepsTheUsers(String property, Runnable setter, String ownValue,
                                                        String usersValue) {
        String saved = System.getProperty(property);
        try {
            System.clearProperty(property);
            setter.run();
            assertEquals(ownValue, System.getProperty(property));

            System.setProperty(property, usersValue);
            setter.run();
            assertEquals(usersValue, System.getProperty(property));
        } finally {
            if (saved == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, saved);
            }
        }
    }
}
