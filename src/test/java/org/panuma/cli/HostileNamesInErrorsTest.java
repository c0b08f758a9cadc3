package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A name panuma quotes in an error (a file, a directory, a process's command line) can hold a
 * newline, a carriage return or an escape sequence: quoted, it is escaped, so it cannot forge a
 * line of panuma's error output. Real files and real processes of this host.
 */
class HostileNamesInErrorsTest {
    /** A newline that would start a line of its own, a carriage return and a colour escape. */
    private static final String NAME = "evil\nFORGED: line\r\u001b[31mred";
    private static final String SHOWN = "evil\\nFORGED: line\\r\\e[31mred";
    private static Process target;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startTarget() throws Exception {
        target = new ProcessBuilder("sleep", "600").start();
    }

    @AfterAll
    static void stopTarget() {
        target.destroy();
    }

    /** No line of the error starts where the name's newline would have put it; the name is shown escaped. */
    private static void assertEscaped(Run run) {
        assertFalse(run.err.lines().anyMatch(l -> l.startsWith("FORGED")), "a forged line:\n" + run.err);
        TerminalInjectionTest.assertNoControlCharacters(run.err);
        assertTrue(run.err.contains(SHOWN), run.err);
    }

    @Test
    void aReportFileNamedWithANewline_isQuotedEscaped() throws Exception {
        Path fifo = dir.resolve("map" + NAME + ".svg");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Run run = Run.of("where", Long.toString(target.pid()), "--backend", "jna", "--svg", fifo.toString());
        assertEquals(ExitCodes.USAGE, run.exitCode, run.toString());
        assertTrue(run.err.contains("is not a regular file"), run.err);
        assertEscaped(run);
        assertEquals(1, run.err.lines().count(), run.err);
    }

    @Test
    void aDirectoryOnTheReportsPath_namedWithANewline_isQuotedEscaped() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("d" + NAME));
        Files.createSymbolicLink(sub.resolve("link"), dir);
        Run run = Run.of("where", Long.toString(target.pid()), "--backend", "jna", "--svg",
                sub.resolve("link").resolve("map.svg").toString());
        assertEquals(ExitCodes.USAGE, run.exitCode, run.toString());
        assertTrue(run.err.contains("is a symbolic link"), run.err);
        assertEscaped(run);
        assertEquals(1, run.err.lines().count(), run.err);
    }

    @Test
    void aScenarioPathNamedWithANewline_isQuotedEscaped_andSoIsTheSystemsReason() throws Exception {
        Path notAFile = Files.createDirectory(dir.resolve("scenario" + NAME + ".json"));
        Run run = Run.of("simulate", notAFile.toString());
        assertEquals(ExitCodes.USAGE, run.exitCode, run.toString());
        assertEscaped(run);
        assertEquals(1, run.err.lines().count(), run.err);
    }

    @Test
    void aScenarioFileNamedWithANewline_whoseContentIsRefused_isQuotedEscaped() throws Exception {
        Path file = Files.writeString(dir.resolve("bad" + NAME + ".json"), "{\"tasks\": [], \"calls\": [{\"syscall\":"
                + " \"nope\"}]}");
        Run run = Run.of("simulate", file.toString());
        assertEquals(ExitCodes.USAGE, run.exitCode, run.toString());
        assertTrue(run.err.contains("unknown 'nope'"), run.err);
        assertEscaped(run);
        assertEquals(1, run.err.lines().count(), run.err);
    }

    @Test
    void processesNamedWithANewline_matchedByAPattern_areQuotedEscaped() throws Exception {
        // Two real processes whose argv[0] is the name (exec -a), matched by a pattern holding the newline.
        Process a = RenamedProcess.start(NAME, 600);
        Process b = RenamedProcess.start(NAME, 601);
        try {
            Run svg = Run.of("where", NAME, "--backend", "jna", "--svg", dir.resolve("one.svg").toString());
            assertEquals(ExitCodes.USAGE, svg.exitCode, svg.toString());
            assertTrue(svg.err.contains("matches 2 processes"), svg.err);
            assertEscaped(svg);
            assertEquals(1, svg.err.lines().count(), svg.err);

            Run move = Run.of("move", NAME, "--to", "0", "--backend", "jna");
            assertEquals(ExitCodes.USAGE, move.exitCode, move.toString());
            assertEscaped(move);
        } finally {
            a.destroy();
            b.destroy();
        }
    }
}
