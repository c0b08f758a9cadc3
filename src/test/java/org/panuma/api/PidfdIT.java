package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.panuma.api.PidReuseTest.NS_LAST_PID;
import static org.panuma.api.PidReuseTest.startWithPid;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.panuma.os.ProcFs;
import org.panuma.os.ProcessIdentity;
import org.panuma.spi.NoSuchProcessException;
import org.panuma.spi.PidFd;

/** The pidfd each native backend opens (an IT: the FFM backend lives in the packaged jar). */
class PidfdIT {
    /**
     * A newcomer that started within the target's clock tick has the target's start time, and
     * /proc/PID/stat alone cannot tell them apart. Here the stat the identity reads stays the
     * target's (a copy, frozen), so only the pidfd can notice that the pid now names another
     * process.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ffm", "jna"})
    void aPidfd_tellsANewcomerFromTheTarget_whenTheStartTimeCannot(String backend, @TempDir Path frozen)
            throws Exception {
        assumeTrue(Files.isWritable(NS_LAST_PID), "reusing a pid on purpose needs root (ns_last_pid)");
        Numa numa = TestNuma.open(backend);
        Process original = new ProcessBuilder("sleep", "600").start();
        long pid = original.pid();
        Optional<PidFd> pidfd = numa.syscalls().pidfd((int) pid);
        assumeTrue(pidfd.isPresent(), "no pidfd here (kernel before 5.3, or a seccomp filter)");
        Files.createDirectories(frozen.resolve(Long.toString(pid)));
        Files.writeString(frozen.resolve(pid + "/stat"), Files.readString(Path.of("/proc/" + pid + "/stat")));
        TargetIdentity identity = TargetIdentity.pin(new ProcFs(frozen), (int) pid, pidfd);
        assertTrue(identity.hasPidfd());
        assertTrue(identity.alive(), "the target itself");
        assertTrue(ProcessIdentity.pin(new ProcFs(frozen), (int) pid).alive(), "the start time agrees");
        original.destroy();
        original.waitFor();
        Process newcomer = startWithPid(pid);
        assumeTrue(newcomer != null, "another process took pid " + pid + " first");
        try {
            assertTrue(ProcessIdentity.pin(new ProcFs(frozen), (int) pid).alive(),
                    "the start time alone still takes the newcomer for the target");
            assertEquals(false, identity.alive(), "the pidfd knows the target was reaped");
            assertThrows(NoSuchProcessException.class, identity::check);
            Optional<PidFd> fresh = numa.syscalls().pidfd((int) pid);
            assertTrue(fresh.isPresent() && !fresh.get().reaped(), "a pidfd opened now names the newcomer");
            fresh.get().close();
        } finally {
            newcomer.destroy();
            pidfd.get().close();
        }
        assertThrows(IllegalStateException.class, () -> pidfd.get().reaped());
    }

}
