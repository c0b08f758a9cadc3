package org.panuma.os;

import org.panuma.spi.AmbiguousProcessException;
import org.panuma.spi.NoSuchProcessException;
import org.panuma.spi.ProcessInfo;
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
        assertTrue(e.getMessage().contains("300  ?  java -jar other.jar"), e.getMessage());
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
    void nonAsciiDigits_areNeitherAPidNorAPattern() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> finder().find("\u0661\u0660\u0660"));
        assertTrue(e.getMessage().contains("'\u0661\u0660\u0660' looks like a mistyped pid"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> finder().find("\uff11\uff10\uff10"));
    }

    /** A mistyped pid such as "0-" was searched for in command lines (and matched a QEMU process). */
    @Test
    void digitsWithoutALetter_areAMistypedPid_notAPattern() throws IOException {
        process(500, "qemu-system-x86_64\0-smp\0cpus=2,maxcpus=0-1\0".getBytes());
        for (String typo : new String[] {"0-", "12.", "+5", "1 2", "0x"}) {
            if (typo.equals("0x")) {
                continue; // has a letter: a pattern
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> finder().find(typo), typo);
            assertTrue(e.getMessage().contains("'" + typo + "' looks like a mistyped pid"), e.getMessage());
        }
        assertEquals(500, finder().find("qemu").pid());
    }

    /** The owner of what was found is known (and shown): a look-alike of another user is not picked silently. */
    @Test
    void foundProcesses_carryTheirOwner() throws IOException {
        ProcessFinder f = finder();
        Files.write(root.resolve("200").resolve("status"), Fixtures.bytes("nobody.status"));
        ProcessInfo p = f.find("app.jar");
        assertEquals(65534, p.uid());
        assertEquals("nobody", p.user());
        AmbiguousProcessException e = assertThrows(AmbiguousProcessException.class, () -> f.find("java -jar"));
        assertTrue(e.getMessage().contains("200  nobody  java -jar app.jar"), e.getMessage());
    }

    /** `panuma where app | tee app.log`: tee (same parent, same process group) held the pattern and was picked. */
    @Test
    void pipelineSiblings_neverMatch_otherProcessesOfTheSameParentDo() throws IOException {
        ProcessFinder plain = finder();
        process(600, "tee\0app.jar.log\0".getBytes());
        stat(600, 50, 77);
        stat(200, 50, 80); // the same parent, started in a process group of its own (a job)
        ProcStat self = ProcStatParser.parse("999 (java) S 50 77 77 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 1234 0 0");
        ProcessFinder f = new ProcessFinder(new ProcFs(root), Set.of(999, 50), self);
        assertEquals(200, f.find("app.jar").pid());
        assertThrows(AmbiguousProcessException.class, () -> plain.find("app.jar"));
    }

    private void stat(int pid, int ppid, int pgrp) throws IOException {
        Files.writeString(root.resolve(Integer.toString(pid)).resolve("stat"), pid + " (x) S " + ppid + " " + pgrp
                + " " + pgrp + " 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 1234 0 0\n");
    }

    /** Found by CliBadInputIT: "-1" was searched for in command lines instead of being refused as a pid. */
    @Test
    void negativeNumber_isAnInvalidPid() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> finder().find("-1"));
        assertTrue(e.getMessage().contains("'-1'"), e.getMessage());
    }
}
