package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

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
    void skipJnaLdconfig_setsAnEmptyLibraryPath_butKeepsOneTheUserSet() {
        String saved = System.getProperty(PanumaCli.JNA_LIBRARY_PATH);
        try {
            System.clearProperty(PanumaCli.JNA_LIBRARY_PATH);
            PanumaCli.skipJnaLdconfig();
            assertEquals("", System.getProperty(PanumaCli.JNA_LIBRARY_PATH));

            System.setProperty(PanumaCli.JNA_LIBRARY_PATH, "/opt/lib");
            PanumaCli.skipJnaLdconfig();
            assertEquals("/opt/lib", System.getProperty(PanumaCli.JNA_LIBRARY_PATH));
        } finally {
            if (saved == null) {
                System.clearProperty(PanumaCli.JNA_LIBRARY_PATH);
            } else {
                System.setProperty(PanumaCli.JNA_LIBRARY_PATH, saved);
            }
        }
    }
}
