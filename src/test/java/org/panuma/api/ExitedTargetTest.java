package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.panuma.os.ProcFs;
import org.panuma.spi.Errno;

/**
 * A target that exits during a move and is not reaped (a zombie) still holds its pid, so its
 * pidfd answers signal 0 and the per-batch pid check passes; what ends the move is the kernel's
 * answer (EINVAL: its memory is gone) or, for a batch that makes no call, the whole check with its
 * /proc/PID/stat read. Real processes and the real kernel; the zombie's parent never waits for it.
 */
class ExitedTargetTest {
    private Process parent;
    private int pid;

    @BeforeEach
    void startTarget() throws Exception {
        // The child sleeps until it is killed; its parent prints its pid and never waits for it.
        parent = new ProcessBuilder("python3", "-c", "import os,time\npid=os.fork()\nif pid == 0:\n"
                + "    time.sleep(600)\n    os._exit(0)\nprint(pid, flush=True)\ntime.sleep(600)").start();
        pid = Integer.parseInt(new BufferedReader(new InputStreamReader(parent.getInputStream(),
                StandardCharsets.US_ASCII)).readLine().strip());
    }

    @AfterEach
    void stop() {
        parent.destroy();
    }

    /** Kills the target and waits until it is a zombie (its own exit is the readiness). */
    private void killToZombie() throws Exception {
        assertTrue(ProcessHandle.of(pid).orElseThrow().destroyForcibly());
        Path stat = Path.of("/proc", Integer.toString(pid), "stat");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(stat).contains(") Z ") && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(Files.readString(stat).contains(") Z "), Files.readString(stat));
    }

    @Test
    void aZombie_passesThePidCheck_andTheKernelsEinvalEndsItsMove() throws Exception {
        Numa numa = TestNuma.open("jna");
        TargetIdentity identity = TargetIdentity.pin(ProcFs.system(), pid, numa.syscalls().pidfd(pid));
        assumeTrue(identity.hasPidfd(), "no pidfd here (kernel before 5.3, or a seccomp filter)");
        killToZombie();

        assertTrue(identity.pidStillNamesTarget(), "not reaped: the pid is still the target's");
        assertFalse(identity.alive(), "a zombie's memory is gone");
        // A page the plan put on a node other than the target: the batch calls the kernel.
        int target = TestNuma.firstNodeWithMemory(numa);
        MovePipeline.Result r = new MovePipeline(numa.syscalls()).move(pid, new long[] {numa.pageSize() * 16L},
                new int[] {target + 1}, true, target, MoveOptions.defaults(), 1, MoveProgress.NONE,
                identity.moveGuard());

        assertTrue(r.targetExited());
        assertEquals(Errno.EINVAL, r.esrch().errno(), "the kernel's answer for a target without memory");
        assertEquals(Map.of(Outcome.NOT_PROCESSED, 1L), r.report().outcomeMap());
    }

    /**
     * The move's empty call before its first batch meets the exited target first: it leaves the
     * target to the move, which reports it exited (not an exception).
     */
    @Test
    void aZombie_planToMoveElsewhere_isReportedExited_notThrown() throws Exception {
        Numa numa = TestNuma.open("jna");
        ProcessMemory memory = ProcessMemory.of(numa, pid);
        int target = TestNuma.firstNodeWithMemory(numa);
        MovePlan plan = new MovePlan(pid, new long[] {numa.pageSize() * 16L}, new int[] {target + 1}, 0,
                java.util.List.of(), PageEntries.NONE);
        killToZombie();

        ProcessMoveReport r = memory.move(plan, target, MoveOptions.defaults(), 1, MoveProgress.NONE);

        assertTrue(r.targetExited());
        assertEquals(Map.of(Outcome.NOT_PROCESSED, 1L), r.move().outcomeMap());
    }

    @Test
    void aZombie_whosePagesAreAllOnTheTarget_isFoundByTheWholeCheck_withoutACall() throws Exception {
        Numa numa = TestNuma.open("jna");
        ProcessMemory memory = ProcessMemory.of(numa, pid);
        MovePlan plan = memory.plan(Selection.all());
        assumeTrue(plan.pages().length > 0, "the target has pages");
        int target = plan.status()[0];
        for (int s : plan.status()) {
            assumeTrue(s == target, "all of the target's pages on one node");
        }
        killToZombie();

        ProcessMoveReport r = memory.move(plan, target, MoveOptions.defaults(), 1, MoveProgress.NONE);

        assertTrue(r.targetExited());
        assertEquals(PageEntries.NONE, r.move().pageEntries(), "no batch called the kernel");
        assertEquals(0, r.move().moved() + r.move().already(), "nothing was counted for a gone target");
    }
}
