package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The text people read from the command line's model, byte for byte: every command's help (as
 * {@code panuma X --help} and as {@code panuma help X}), the root's help, and the usage errors that
 * picocli writes (missing and unknown arguments, typos with their suggestions, bad values). The
 * expected text is {@code usage-texts.txt} next to this class; the model is declared in code
 * (each command's {@code spec()}), so this is what tells a changed declaration from the text it
 * had. After an intended change of the help, rewrite the file with
 * {@code -Dpanuma.usage.write=src/test/resources/org/panuma/cli/usage-texts.txt} (and the man pages and
 * completion script with {@code -Dpanuma.generated.write=.../generated-texts.txt}) and review the diff.
 */
class UsageTextTest {
    private static final List<String> COMMANDS = List.of("nodes", "where", "move", "migrate", "policy", "run", "stat",
            "simulate", "demo", "exporter");

    /** Each case's arguments; none of them gets past parsing, so nothing reads the system. */
    static List<String[]> cases() {
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[0]);
        cases.add(new String[] {"--help"});
        cases.add(new String[] {"-h"});
        cases.add(new String[] {"help"});
        cases.add(new String[] {"help", "--help"});
        cases.add(new String[] {"help", "bogus"});
        cases.add(new String[] {"nodez"});
        cases.add(new String[] {"wher", "1"});
        cases.add(new String[] {"--bogus"});
        for (String c : COMMANDS) {
            cases.add(new String[] {c, "--help"});
            cases.add(new String[] {"help", c});
            cases.add(new String[] {c, "--no-such-option"});
            cases.add(new String[] {c, "--jsn"});
        }
        cases.add(new String[] {"where"});
        cases.add(new String[] {"where", "1", "2"});
        cases.add(new String[] {"where", "1", "--svg"});
        cases.add(new String[] {"move", "1"});
        cases.add(new String[] {"move", "1", "--to"});
        cases.add(new String[] {"move", "1", "--to", "1", "--batch", "x"});
        cases.add(new String[] {"move", "1", "--to", "1", "--batch", "١٠"});
        cases.add(new String[] {"move", "1", "--to", "1", "--rate", "1e3"});
        cases.add(new String[] {"move", "1", "--to", "1", "--threads", "-"});
        cases.add(new String[] {"migrate", "1"});
        cases.add(new String[] {"migrate", "1", "0", "1", "2"});
        cases.add(new String[] {"policy", "1", "2"});
        cases.add(new String[] {"run"});
        cases.add(new String[] {"run", "--membind"});
        cases.add(new String[] {"simulate"});
        cases.add(new String[] {"simulate", "--profile"});
        cases.add(new String[] {"stat", "1"});
        cases.add(new String[] {"demo", "--mode", "moon"});
        cases.add(new String[] {"demo", "--mib", "lots"});
        cases.add(new String[] {"exporter", "--pid"});
        cases.add(new String[] {"nodes", "--backend", "foo"});
        cases.add(new String[] {"nodes", "--backend"});
        cases.add(new String[] {"nodes", "--backend", ""});
        cases.add(new String[] {"nodes", "--json=maybe"});
        cases.add(new String[] {"simulate", "x.json", "--backend", "nope"});
        return cases;
    }

    /** All cases, each its arguments, exit code, out and err, through the path `./panuma` takes. */
    static String render() {
        StringBuilder all = new StringBuilder();
        for (String[] args : cases()) {
            Run run = Run.of(args);
            all.append("=== panuma ").append(String.join(" ", args)).append('\n').append(run).append('\n');
        }
        return all.toString();
    }

    /** Every man page source (ManPageSources) and the shell completion script, as the build writes them. */
    static String renderGenerated() throws IOException {
        StringBuilder all = new StringBuilder();
        ManPageSources.pages().forEach((name, page) -> all.append("=== man ").append(name).append('\n').append(page));
        Path script = Files.createTempFile("panuma_completion", "");
        try {
            picocli.AutoComplete.bash("panuma", script.toFile(), null, PanumaCli.commandLine());
            all.append("=== completion\n").append(Files.readString(script));
        } finally {
            Files.delete(script);
        }
        return all.toString();
    }

    @Test
    void helpAndUsageErrors_readAsRecorded() throws IOException {
        compare(render(), "usage-texts.txt", "panuma.usage.write");
    }

    @Test
    void manPagesAndCompletion_readAsRecorded() throws IOException {
        compare(renderGenerated(), "generated-texts.txt", "panuma.generated.write");
    }

    private static void compare(String actual, String resource, String writeProperty) throws IOException {
        String write = System.getProperty(writeProperty);
        if (write != null) {
            Files.writeString(Path.of(write), actual, StandardCharsets.UTF_8);
        }
        String expected;
        try (InputStream in = UsageTextTest.class.getResourceAsStream(resource)) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // Compared case by case, so a failure names the command whose text changed.
        String[] want = expected.split("(?m)^(?====)");
        String[] got = actual.split("(?m)^(?====)");
        for (int i = 0; i < Math.min(want.length, got.length); i++) {
            assertEquals(want[i], got[i]);
        }
        assertEquals(want.length, got.length, "number of cases");
    }
}
