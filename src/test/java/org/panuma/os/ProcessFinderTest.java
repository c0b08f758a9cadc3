package org.panuma.os;

import org.panuma.spi.NoSuchProcessException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessFinderTest {
    @TempDir
    Path root;

    private void process(int pid, byte[] cmdline) throws IOException {
        Path d = Files.createDirectories(root.resolve(Integer.toString(pid)));
        Files.write(d.resolve("cmdline"), cmdline);
    }

    private ProcessFinder finder(Integer... excluded) throws IOException {
        process(100, Fixtures.bytes("c-target.cmdline"));
        process(200, "java\0-jar\0app.jar\0".getBytes());
        process(300, "java\0-jar\0other.jar\0".getBytes());
        process(400, new byte[0]); // a kernel thread
        Files.createDirectories(root.resolve("self"));
        return new ProcessFinder(new ProcFs(root), Set.of(excluded));
    }

    @Test
    void cmdlineFixture_splitsAtNul() {
        assertEquals(List.of("/tmp/pt", "64", "256", "/tmp/ptfile"), Cmdline.parse(Fixtures.bytes("c-target.cmdline")));
        assertEquals(List.of("a", "", "b"), Cmdline.parse("a\0\0b".getBytes()));
    }

    @Test
    void pid_findsThatProcess() throws IOException {
        ProcessInfo p = finder().find("100");
        assertEquals(100, p.pid());
        assertEquals("/tmp/pt 64 256 /tmp/ptfile", p.commandLine());
    }

    @Test
    void unknownPid_isNoSuchProcess_namingIt() throws IOException {
        NoSuchProcessException e = assertThrows(NoSuchProcessException.class, () -> finder().find("999"));
        assertTrue(e.getMessage().contains("999"), e.getMessage());
    }

    @Test
    void pattern_matchingOne_findsIt() throws IOException {
        assertEquals(200, finder().find("app.jar").pid());
        assertEquals(100, finder().find("ptfile").pid());
    }

    @Test
    void pattern_matchingSeveral_listsThem() throws IOException {
        AmbiguousProcessException e = assertThrows(AmbiguousProcessException.class, () -> finder().find("java -jar"));
        assertEquals(List.of(200, 300), e.matches().stream().map(ProcessInfo::pid).toList());
        assertTrue(e.getMessage().contains("300  java -jar other.jar"), e.getMessage());
    }

    @Test
    void excludedProcesses_neverMatch() throws IOException {
        assertEquals(300, finder(200).find("java -jar").pid());
    }

    @Test
    void pattern_matchingNone_isNoSuchProcess() throws IOException {
        NoSuchProcessException e = assertThrows(NoSuchProcessException.class, () -> finder().find("nginx"));
        assertTrue(e.getMessage().contains("'nginx'"), e.getMessage());
    }

    @Test
    void zeroOrHugePid_isRejected() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> finder().find("0"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> finder().find("99999999999"));
        assertTrue(e.getMessage().contains("99999999999"));
    }

    /** Found by CliBadInputIT: "\u0661\u0660\u0660" (Arabic-Indic digits) was taken for pid 100. */
    @Test
    void nonAsciiDigits_areAPattern_notAPid() throws IOException {
        NoSuchProcessException e = assertThrows(NoSuchProcessException.class, () -> finder().find("\u0661\u0660\u0660"));
        assertTrue(e.getMessage().contains("'\u0661\u0660\u0660'"), e.getMessage());
        assertThrows(NoSuchProcessException.class, () -> finder().find("\uff11\uff10\uff10"));
    }

    /** Found by CliBadInputIT: "-1" was searched for in command lines instead of being refused as a pid. */
    @Test
    void negativeNumber_isAnInvalidPid() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> finder().find("-1"));
        assertTrue(e.getMessage().contains("'-1'"), e.getMessage());
    }
}
