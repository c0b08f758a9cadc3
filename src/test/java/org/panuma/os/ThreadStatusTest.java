package org.panuma.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.panuma.spi.NodeSet;

class ThreadStatusTest {
    private static final String STATUS = "Name:\tjava\nState:\tR (running)\nTgid:\t4242\n"
            + "Seccomp:\t0\nSeccomp_filters:\t0\nCpus_allowed_list:\t0-7\n"
            + "Mems_allowed:\t00000000,00000005\nMems_allowed_list:\t0,2\n";

    @Test
    void readsTheSeccompModeAndTheAllowedNodes() {
        ThreadStatus s = ThreadStatus.parse(STATUS);
        assertEquals(0, s.seccomp());
        assertTrue(s.noSeccomp());
        assertEquals(NodeSet.of(0, 2), s.memsAllowed());
    }

    @Test
    void aFilteredThread_isNotUnfiltered() {
        // Seccomp_filters (a count, Linux 5.9) must not be taken for the mode.
        ThreadStatus s = ThreadStatus.parse("Seccomp_filters:\t0\nSeccomp:\t2\nSeccomp_filters:\t1\n");
        assertEquals(2, s.seccomp());
        assertFalse(s.noSeccomp());
    }

    @Test
    void linesTheKernelDoesNotPrint_areUnknown() {
        // No CONFIG_SECCOMP, no CONFIG_CPUSETS: the caller must ask the kernel.
        ThreadStatus s = ThreadStatus.parse("Name:\tjava\nCpus_allowed_list:\t0-1\n");
        assertEquals(-1, s.seccomp());
        assertFalse(s.noSeccomp());
        assertNull(s.memsAllowed());
    }

    @Test
    void aBadValue_isNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ThreadStatus.parse("Seccomp:\tx\n"));
        assertTrue(e.getMessage().contains("Seccomp:\tx"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ThreadStatus.parse("Mems_allowed_list:\t3-1\n"));
    }

    @Test
    void theCallingThread_agreesWithItsProcessStatus() throws Exception {
        assumeTrue(Files.isReadable(ThreadStatus.CURRENT), "no /proc/thread-self here");
        ThreadStatus s = ThreadStatus.current();
        assertEquals(NodeSet.fromBits(ProcFs.system().selfStatus().memsAllowed()), s.memsAllowed());
        assertTrue(s.seccomp() >= 0, "the kernel prints Seccomp: " + s);
    }
}
