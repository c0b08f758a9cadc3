package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --svg and --html as root in a directory another user can write to: nothing planted there
 * (a FIFO, a file of theirs, a symbolic link anywhere on the path) receives the report, a report
 * is whole or absent, and another user's memory map is not left world-readable. The target is a
 * real process of this host, queried with the JNA backend.
 */
class ReportFilesTest {
    private static final int NOBODY = 65534;
    private static Process own;

    @TempDir
    Path dir;

    @BeforeAll
    static void startTarget() throws IOException {
        own = new ProcessBuilder("sleep", "600").start();
    }

    @AfterAll
    static void stopTarget() {
        own.destroy();
    }

    private static Run where(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("where", Long.toString(own.pid()), "--backend", "jna"));
        args.addAll(List.of(more));
        return Run.of(args.toArray(String[]::new));
    }

    private static boolean root() throws IOException {
        return Files.readString(Path.of("/proc/self/status")).lines()
                .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0"));
    }

    private static UserPrincipal nobody() throws IOException {
        return Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    }

    private String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private List<String> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.contains("panuma-tmp")).toList();
        }
    }

    @Test
    void aFifoPlantedAtTheName_isRefused_withoutBlocking() throws Exception {
        Path fifo = dir.resolve("map.svg");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Run run = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> where("--svg", fifo.toString()));
        assertEquals(ExitCodes.USAGE, run.exitCode, run.toString());
        assertTrue(run.err.contains("not a regular file"), run.err);
        assertTrue(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS) == false && Files.exists(fifo,
                LinkOption.NOFOLLOW_LINKS), "the FIFO stays as it was");
    }

    @Test
    void anotherUsersFileAtTheName_isRefused_andKeepsItsContent() throws Exception {
        assumeTrue(root(), "planting another user's file needs root");
        Path planted = dir.resolve("map.svg");
        Files.writeString(planted, "theirs");
        Files.setOwner(planted, nobody());
        Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rw-rw-rw-"));
        Run run = where("--svg", planted.toString());
        assertEquals(ExitCodes.USAGE, run.exitCode, run.toString());
        assertTrue(run.err.contains("belongs to nobody"), run.err);
        assertEquals("theirs", Files.readString(planted));
    }

    @Test
    void aSymbolicLinkAsADirectoryOnThePath_isRefused() throws Exception {
        Path real = Files.createDirectory(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        Run run = where("--svg", link.resolve("map.svg").toString());
        assertEquals(ExitCodes.USAGE, run.exitCode, run.toString());
        assertTrue(run.err.contains("symbolic link"), run.err);
        assertFalse(Files.exists(real.resolve("map.svg")));
    }

    @Test
    void aSymbolicLinkAtTheName_isRefused() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim"), "keep");
        Path link = Files.createSymbolicLink(dir.resolve("map.svg"), victim);
        Run run = where("--svg", link.toString());
        assertEquals(ExitCodes.USAGE, run.exitCode, run.toString());
        assertEquals("keep", Files.readString(victim));
    }

    @Test
    void theCallersOwnProcess_getsA0644Report_andNoTemporaryFileIsLeft() throws Exception {
        Path svg = dir.resolve("map.svg");
        Files.writeString(svg, "old report");
        Run run = where("--svg", svg.toString());
        assertEquals(ExitCodes.SUCCESS, run.exitCode, run.toString());
        assertTrue(Files.readString(svg).startsWith("<svg"));
        assertTrue(Files.readString(svg).endsWith("</svg>\n"));
        assertEquals("rw-r--r--", perms(svg));
        assertEquals(List.of(), leftovers());
    }

    /** Until setpriv has changed the process's real uid (it is root's for a moment after the fork). */
    private static void awaitUid(long pid, int uid) throws IOException, InterruptedException {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (Files.readAllLines(status).stream().noneMatch(l -> l.matches("Uid:\\s+" + uid + "\\s.*"))) {
            assertTrue(System.nanoTime() < deadline, "pid " + pid + " never took uid " + uid);
            Thread.sleep(10);
        }
    }

    @Test
    void anotherUsersProcess_getsA0600Report() throws Exception {
        assumeTrue(root(), "starting another user's process needs root");
        Process theirs = new ProcessBuilder("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                "sleep", "600").start();
        try {
            awaitUid(theirs.pid(), NOBODY);
            Path svg = dir.resolve("theirs.svg");
            Run run = Run.of("where", Long.toString(theirs.pid()), "--backend", "jna", "--svg", svg.toString());
            assertEquals(ExitCodes.SUCCESS, run.exitCode, run.toString());
            assertTrue(run.out.contains("(user nobody)"), run.out);
            assertEquals("rw-------", perms(svg));
        } finally {
            theirs.destroy();
        }
    }

    @Test
    void oneReportThatCannotBeWritten_leavesTheOtherUnwritten() throws Exception {
        Path svg = dir.resolve("ok.svg");
        Run run = where("--svg", svg.toString(), "--html", "/dev/full");
        assertEquals(ExitCodes.USAGE, run.exitCode, run.toString());
        assertTrue(run.err.contains("/dev/full"), run.err);
        assertFalse(Files.exists(svg), "whole or absent: the --svg report was not written either");
        assertEquals(List.of(), leftovers());
    }

    @Test
    void dashAndTheSamePathTwice_areRefusedBeforeTheScan() throws Exception {
        Run dash = where("--svg", "-");
        assertEquals(ExitCodes.USAGE, dash.exitCode, dash.toString());
        assertTrue(dash.err.contains("'-'"), dash.err);
        assertFalse(Files.exists(Path.of("-")));
        Path both = dir.resolve("both");
        Run same = where("--svg", both.toString(), "--html", dir.resolve(".").resolve("both").toString());
        assertEquals(ExitCodes.USAGE, same.exitCode, same.toString());
        assertTrue(same.err.contains("also named by another option"), same.err);
        assertFalse(Files.exists(both));
    }
}
