package org.panuma.os;

import org.panuma.spi.NoSuchProcessException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

class TaskStatParserTest {
    /** A real /proc/PID/stat line (cat, last on CPU 1), with field 39 = 1. */
    static final String CAT = "21658 (cat) R 21656 21656 4058 0 -1 4194304 99 0 0 0 0 0 0 0 20 0 1 0 70653 3133440"
            + " 383 18446744073709551615 94735436726272 94735436746153 140726489131664 0 0 0 0 0 0 0 0 0 17 1 0 0 0"
            + " 0 0 94735436762160 94735436763776 94736139788288 140726489135841 140726489135861 140726489135861"
            + " 140726489137131 0\n";

    @Test
    void processorIsField39() {
        assertEquals(1, TaskStatParser.lastCpu(CAT));
        assertEquals(7, TaskStatParser.lastCpu(CAT.replace(" 17 1 0 0 0", " 17 7 0 0 0")));
    }

    @Test
    void aCommandNameWithSpacesAndParentheses_isSkippedWhole() {
        String odd = CAT.replace("(cat)", "(a) b (c) d)");
        assertEquals(1, TaskStatParser.lastCpu(odd));
    }

    @Test
    void aTruncatedLine_isRejectedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TaskStatParser.lastCpu("1 (x) R 0 0"));
        assertTrue(e.getMessage().contains("field 39"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TaskStatParser.lastCpu("no name here"));
        assertThrows(IllegalArgumentException.class, () -> TaskStatParser.lastCpu(CAT.replace(" 17 1 0 0 0",
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
