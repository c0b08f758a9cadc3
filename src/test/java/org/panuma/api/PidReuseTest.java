package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.panuma.spi.NoSuchProcessException;

/**
 * A target killed mid-way whose pid is then taken by another process: the rest of the work must
 * not go to the impostor. The pid is reused for real: as root, /proc/sys/kernel/ns_last_pid is
 * set to the pid before it, so the next process started gets it.
 */
class PidReuseTest {
    static final Path NS_LAST_PID = Path.of("/proc/sys/kernel/ns_last_pid");

    /** Starts `sleep` with exactly {@code pid}, or returns null when another fork took it first. */
    static Process startWithPid(long pid) throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            Files.writeString(NS_LAST_PID, Long.toString(pid - 1));
            Process p = new ProcessBuilder("sleep", "600").start();
            if (p.pid() == pid) {
                return p;
            }
            p.destroy();
        }
        return null;
    }

    @Test
    void aPidTakenByAnotherProcess_endsTheScanAndTheMove_targetExited() throws Exception {
        assumeTrue(Files.isWritable(NS_LAST_PID), "reusing a pid on purpose needs root (ns_last_pid)");
        Numa numa = TestNuma.open("jna");
        Process original = new ProcessBuilder("sleep", "600").start();
        long pid = original.pid();
        ProcessMemory memory = ProcessMemory.of(numa, (int) pid);
        MovePlan plan = memory.plan(Selection.all());
        original.destroy();
        original.waitFor();
        Process impostor = startWithPid(pid);
        assumeTrue(impostor != null, "another process took pid " + pid + " first");
        try {
            assertEquals(pid, impostor.pid());
            assertThrows(NoSuchProcessException.class, () -> memory.where(Selection.all()));
            ProcessMoveReport r = memory.move(plan, TestNuma.firstNodeWithMemory(numa), MoveOptions.defaults(), 1,
                    MoveProgress.NONE);
            assertTrue(r.targetExited(), "the move went on with the impostor");
            assertEquals(0, r.move().moved() + r.move().already(), "nothing was done to the impostor");
        } finally {
            impostor.destroy();
        }
    }

    @Test
    void aPidWithoutAProcess_hasNoPidfd() {
        Numa numa = TestNuma.open("jna");
        assertEquals(Optional.empty(), numa.syscalls().pidfd(0x3fffffff));
        assertEquals(Optional.empty(), Numa.open("sim").syscalls().pidfd((int) ProcessHandle.current().pid()));
    }
}
