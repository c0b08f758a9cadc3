package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A target whose memory is gone (a zombie: exited, not reaped) or that never had any (a kernel
 * thread) is "no such process" (exit 4) with the reason, for every command, never "bad flags"
 * (the kernel's EINVAL), an internal error or an empty success.
 */
class DyingTargetsTest {
    private static Process parent;
    private static String zombie;

    @BeforeAll
    static void makeAZombie() throws Exception {
        // The child exits at once; its parent never waits for it, so it stays a zombie.
        parent = new ProcessBuilder("python3", "-c", "import os,time\npid=os.fork()\nif pid == 0: os._exit(0)\n"
                + "print(pid, flush=True)\ntime.sleep(600)").start();
        zombie = new java.io.BufferedReader(new java.io.InputStreamReader(parent.getInputStream(),
                StandardCharsets.US_ASCII)).readLine().strip();
        Path stat = Path.of("/proc", zombie, "stat");
        // Readiness: the child's own exit. The bound is only a backstop for a child that never
        // exits; a loaded machine may take long to schedule it (a count of spins was too short).
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(stat).contains(") Z ") && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(Files.readString(stat).contains(") Z "), Files.readString(stat));
    }

    @AfterAll
    static void stop() {
        parent.destroy();
    }

    private static void exitedZombie(String... args) {
        Run run = Run.of(args);
        assertEquals(ExitCodes.NO_SUCH_PROCESS, run.exitCode, String.join(" ", args) + "\n" + run);
        assertTrue(run.err.contains("has exited (zombie)"), run.err);
    }

    @Test
    void aZombie_isAnExitedProcess_forEveryCommand() {
        exitedZombie("where", zombie, "--backend", "jna");
        exitedZombie("move", zombie, "--to", "0", "--backend", "jna");
        exitedZombie("move", zombie, "--to", "0", "--dry-run", "--backend", "jna");
        exitedZombie("migrate", zombie, "0", "0", "--backend", "jna");
    }

    @Test
    void aKernelThread_hasNoUserMemory() {
        for (String[] args : new String[][] {{"where", "2", "--backend", "jna"},
            {"move", "2", "--to", "0", "--dry-run", "--backend", "jna"}, {"migrate", "2", "0", "0", "--backend", "jna"}}) {
            Run run = Run.of(args);
            assertEquals(ExitCodes.NO_SUCH_PROCESS, run.exitCode, String.join(" ", args) + "\n" + run);
            assertTrue(run.err.contains("kernel thread: no user memory"), run.err);
        }
    }
}
