package org.panuma.os;

import org.panuma.spi.IdListParser;
import org.panuma.spi.NoSuchProcessException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

class ProcStatParserTest {
    @Test
    void identity_fromARealLine() {
        ProcStat s = ProcStatParser.parse(CAT);
        assertEquals(21658, s.pid());
        assertEquals('R', s.state());
        assertEquals(21656, s.ppid());
        assertEquals(21656, s.pgrp());
        assertEquals(4058, s.session());
        assertEquals(4194304L, s.flags());
        assertEquals(70653L, s.startTime());
        ProcStat odd = ProcStatParser.parse(CAT.replace("(cat)", "(a) b (c) d)"));
        assertEquals(70653L, odd.startTime());
    }

    @Test
    void identity_aBadField_isRejectedNamingItAndItsValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProcStatParser.parse(CAT.replace("R 21656 21656", "R -4 21656")));
        assertTrue(e.getMessage().contains("ppid") && e.getMessage().contains("'-4'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ProcStatParser.parse("1 (x) R 0 0"));
        assertTrue(e.getMessage().contains("fewer than 22 fields"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProcStatParser.parse(CAT.replace(") R ", ") RR ")));
        assertThrows(IllegalArgumentException.class, () -> ProcStatParser.parse(CAT.replace("70653", "99999999999999999999")));
        assertThrows(IllegalArgumentException.class, () -> ProcStatParser.parse(CAT.replace("21658 (", "\u0661 (")));
    }

    /** The exporter parses one line per thread per scrape: the parse allocates nothing but its result. */
    @Test
    void lastCpu_allocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        int sum = 0;
        for (int i = 0; i < 20_000; i++) {
            sum += ProcStatParser.lastCpu(CAT); // warm up
        }
        long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 100_000; i++) {
            sum += ProcStatParser.lastCpu(CAT);
        }
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertEquals(120_000, sum);
        assertTrue(allocated < 100_000, allocated + " bytes for 100,000 lines");
    }

    /** A real /proc/PID/stat line (cat, last on CPU 1), with field 39 = 1. */
    static final String CAT = "21658 (cat) R 21656 21656 4058 0 -1 4194304 99 0 0 0 0 0 0 0 20 0 1 0 70653 3133440"
            + " 383 18446744073709551615 94735436726272 94735436746153 140726489131664 0 0 0 0 0 0 0 0 0 17 1 0 0 0"
            + " 0 0 94735436762160 94735436763776 94736139788288 140726489135841 140726489135861 140726489135861"
            + " 140726489137131 0\n";

    @Test
    void processorIsField39() {
        assertEquals(1, ProcStatParser.lastCpu(CAT));
        assertEquals(7, ProcStatParser.lastCpu(CAT.replace(" 17 1 0 0 0", " 17 7 0 0 0")));
    }

    @Test
    void aCommandNameWithSpacesAndParentheses_isSkippedWhole() {
        String odd = CAT.replace("(cat)", "(a) b (c) d)");
        assertEquals(1, ProcStatParser.lastCpu(odd));
    }

    @Test
    void aTruncatedLine_isRejectedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProcStatParser.lastCpu("1 (x) R 0 0"));
        assertTrue(e.getMessage().contains("field 39"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProcStatParser.lastCpu("no name here"));
        assertThrows(IllegalArgumentException.class, () -> ProcStatParser.lastCpu(CAT.replace(" 17 1 0 0 0",
                " 17 -1 0 0 0")));
    }

    @Test
    void everyThreadOfThisJvm_hasAnOnlineLastCpu() throws IOException {
        int pid = (int) ProcessHandle.current().pid();
        int[] cpus = ProcFs.system().lastCpus(pid);
        long threads;
        try (var s = Files.list(Path.of("/proc/self/task"))) {
            threads = s.count();
        }
        // Threads come and go in a JVM; most of them live throughout.
        assertTrue(cpus.length > 1 && cpus.length <= threads + 8, cpus.length + " of " + threads + " threads");
        BitSet online = IdListParser.parse(Files.readString(Path.of("/sys/devices/system/cpu/online")));
        for (int cpu : cpus) {
            assertTrue(online.get(cpu), "cpu " + cpu + " is not online (" + online + ")");
        }
    }

    @Test
    void anExitedProcess_isNoSuchProcess() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        int pid = (int) p.pid();
        assertThrows(NoSuchProcessException.class, () -> ProcFs.system().lastCpus(pid));
    }
}
