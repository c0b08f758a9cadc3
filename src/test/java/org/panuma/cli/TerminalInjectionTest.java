package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile target chooses its command line and the names of the files it maps; none of it may
 * drive the operator's terminal (clear the screen, set the title, overwrite or forge a line) or
 * break the SVG picture. Real processes of this host, queried with the JNA backend.
 */
class TerminalInjectionTest {
    /** ESC sequences (clear screen, OSC title), CR and a newline that would forge a row, a C1 CSI. */
    private static final String HOSTILE = "evil\u001b[2J\u001b]0;pwned\u0007\rforged\n[heap] row\u009b31m";
    private static Process target;
    private static Path mapped;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        // A file whose name holds a carriage return, a tab and an escape, mapped by the target.
        mapped = Files.writeString(dir.resolve("lib\rheap\t\u001b[7m.so"), "x".repeat(8192));
        target = new ProcessBuilder("python3", "-c", "import mmap,sys,time\n"
                + "f=open(sys.argv[2],'rb'); m=mmap.mmap(f.fileno(),0,prot=mmap.PROT_READ); m[0]; m[4096]\n"
                + "print('ready', flush=True); time.sleep(600)", HOSTILE, mapped.toString()).start();
        assertEquals("ready", new String(target.getInputStream().readNBytes(5)));
    }

    @AfterAll
    static void stop() {
        target.destroy();
    }

    /** No raw control character (C0 but the newline, DEL, C1) anywhere in {@code text}. */
    static void assertNoControlCharacters(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f);
            assertFalse(control, "raw control character U+" + Integer.toHexString(c) + " at " + i + " in:\n" + text);
        }
    }

    @Test
    void where_escapesTheCommandLineAndThePaths() {
        Run run = Run.of("where", Long.toString(target.pid()), "--backend", "jna", "--regions", "--all-regions");
        assertEquals(ExitCodes.SUCCESS, run.exitCode, run.toString());
        assertNoControlCharacters(run.out);
        assertTrue(run.out.contains("evil\\e[2J\\e]0;pwned\\007\\rforged\\n[heap] row\\23331m"), run.out);
        assertTrue(run.out.contains("lib\\rheap\\t\\e[7m.so"), run.out);
        assertEquals(1, run.out.lines().filter(l -> l.endsWith("[heap]")).count(), run.out);
    }

    @Test
    void policy_escapesThePaths_andKeepsAPathWithACarriageReturnWhole() {
        Run run = Run.of("policy", Long.toString(target.pid()), "--backend", "jna");
        assertEquals(ExitCodes.SUCCESS, run.exitCode, run.toString());
        assertNoControlCharacters(run.out);
        assertTrue(run.out.contains(dir + "/lib\\rheap\\t\\e[7m.so"), run.out);
        assertEquals(1, run.out.lines().filter(l -> l.endsWith(" [heap]")).count(), run.out);
    }

    @Test
    void theListOfMatches_isEscaped() throws Exception {
        // Two look-alikes whose command lines start with the hostile text (argv[0] set by exec -a).
        Process twin = RenamedProcess.start(HOSTILE, 600);
        Process triplet = RenamedProcess.start(HOSTILE, 601);
        try {
            // move refuses a pattern with several matches and lists them
            Run run = Run.of("move", "pwned", "--to", "0", "--backend", "jna");
            assertEquals(ExitCodes.USAGE, run.exitCode, run.toString());
            assertNoControlCharacters(run.err);
            assertTrue(run.err.contains("evil\\e[2J\\e]0;pwned\\007\\rforged\\n[heap] row\\23331m 60"), run.err);
            // where shows every match, numastat's way: a row each, named by argv[0]
            Run all = Run.of("where", "pwned", "--backend", "jna");
            assertEquals(ExitCodes.SUCCESS, all.exitCode, all.toString());
            assertNoControlCharacters(all.out);
            // (the row's label is cut to numastat's column width, after escaping)
            assertEquals(2, all.out.lines().filter(l -> l.matches("\\d+ \\(evil\\S* +[0-9.]+ +[0-9.]+")).count(),
                    all.out);
        } finally {
            twin.destroy();
            triplet.destroy();
        }
    }

    @Test
    void theSvg_isValidXml_whateverThePathsHold() throws Exception {
        Path svg = dir.resolve("map.svg");
        Path html = dir.resolve("map.html");
        Run run = Run.of("where", Long.toString(target.pid()), "--backend", "jna", "--all-regions", "--svg",
                svg.toString(), "--html", html.toString());
        assertEquals(ExitCodes.SUCCESS, run.exitCode, run.toString());
        byte[] bytes = Files.readAllBytes(svg);
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
        assertEquals("svg", doc.getDocumentElement().getNodeName());
        assertNoControlCharacters(doc.getDocumentElement().getTextContent());
        String page = Files.readString(html);
        assertNoControlCharacters(page);
        assertTrue(page.contains("evil\\e[2J\\e]0;pwned"), page);
        assertTrue(page.contains("lib\\rheap\\t\\e[7m.so"), page);
    }
}
