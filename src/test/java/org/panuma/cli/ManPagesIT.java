package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The roff man pages the build renders into target/man: one per command, each with a short NAME,
 * EXAMPLES and EXIT STATUS, the help text's globs intact, and readable by man(1).
 */
class ManPagesIT {
    static final Path MAN = Paths.get("target", "man");

    static List<String> commands() {
        return PanumaCli.commandLine().getSubcommands().keySet().stream().filter(c -> !c.equals("help")).toList();
    }

    @Test
    void everyCommand_hasAPage_withNameExamplesAndExitStatus() throws Exception {
        for (String c : commands()) {
            Path page = MAN.resolve("panuma-" + c + ".1");
            assertTrue(Files.isRegularFile(page), "no man page " + page);
            String roff = Files.readString(page);
            assertTrue(roff.contains(".SH \"EXIT STATUS\""), c + ": no EXIT STATUS");
            assertTrue(roff.contains(".SH \"EXAMPLES\"") && roff.contains("panuma " + c), c + ": no EXAMPLES");
            String name = roff.substring(roff.indexOf(".SH \"NAME\"") + ".SH \"NAME\"".length()).strip().lines()
                    .findFirst().orElseThrow();
            assertTrue((name.startsWith("panuma-" + c + " \\- ") || name.startsWith("panuma\\-" + c + " \\- "))
                    && name.length() < 120, c + "'s NAME line: " + name);
        }
        String root = Files.readString(MAN.resolve("panuma.1"));
        assertTrue(root.contains(".SH \"EXIT STATUS\""), "panuma.1 has EXIT STATUS");
    }

    @Test
    void theGlobInTheHelpText_keepsItsStars() throws Exception {
        String where = Files.readString(MAN.resolve("panuma-where.1"));
        // roff writes the quotes as \*(Aq (asciidoctor's manpage backend) or \(aq.
        assertTrue(where.contains("'*libc*'") || where.contains("\\*(Aq*libc*\\*(Aq")
                || where.contains("\\(aq*libc*\\(aq"), "panuma-where.1 keeps '*libc*'");
        assertEquals(-1, where.indexOf("\\fBlibc\\fP"), "libc is not made bold");
    }

    @Test
    void man_readsThePage() throws Exception {
        Path man = Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
                .map(d -> Paths.get(d, "man")).filter(Files::isExecutable).findFirst().orElse(null);
        assumeTrue(man != null, "man(1) is not installed (./run-tests installs man-db as root)");
        ProcessBuilder pb = new ProcessBuilder(man.toString(), MAN.resolve("panuma-move.1").toAbsolutePath().toString())
                .redirectErrorStream(true);
        pb.environment().put("MANPAGER", "cat");
        pb.environment().put("MANWIDTH", "100");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("EXIT STATUS") && out.contains("EXAMPLES") && out.contains("panuma move"), out);
        String where = run(man, "panuma-where.1");
        assertTrue(where.contains("'*libc*'"), "man shows the glob: " + where);
    }

    private static String run(Path man, String page) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(man.toString(), MAN.resolve(page).toAbsolutePath().toString())
                .redirectErrorStream(true);
        pb.environment().put("MANPAGER", "cat");
        pb.environment().put("MANWIDTH", "200");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return out;
    }
}
