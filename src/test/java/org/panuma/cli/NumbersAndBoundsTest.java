package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Numbers are ASCII everywhere, counts are bounded, and a refusal names the right reason. */
class NumbersAndBoundsTest {
    private static Process target;

    @BeforeAll
    static void start() throws IOException {
        target = new ProcessBuilder("sleep", "600").start();
    }

    @AfterAll
    static void stop() {
        target.destroy();
    }

    private static void refused(String value, String... args) {
        Run run = Run.of(args);
        assertEquals(ExitCodes.USAGE, run.exitCode, String.join(" ", args) + "\n" + run);
        assertTrue(run.err.contains(value), run.err);
    }

    @Test
    void nonAsciiDigits_areRefusedInEveryNumber() {
        String pid = Long.toString(target.pid());
        refused("'\u0661\u0660'", "move", pid, "--to", "0", "--backend", "jna", "--batch", "\u0661\u0660");
        refused("'\u0662'", "move", pid, "--to", "0", "--backend", "jna", "--threads", "\u0662");
        refused("'\uff11'", "move", pid, "--to", "0", "--backend", "jna", "--rate", "\uff11");
        refused("'1d'", "move", pid, "--to", "0", "--backend", "jna", "--rate", "1d");
        refused("'0x\u0661\u0660\u0660\u0660'", "where", pid, "--backend", "jna", "--addresses", "0x\u0661\u0660\u0660\u0660");
        refused("'0x\u0661\u0660\u0660\u0660'", "where", pid, "--backend", "jna", "--range", "0x\u0661\u0660\u0660\u0660-0x2000");
        refused("'\u0663'", "demo", "--mode", "sim", "--mib", "\u0663");
    }

    @Test
    void threads_areCapped_beforeAnyIsStarted() {
        refused("--threads: '100000' is out of range (1 to 64)", "move", Long.toString(target.pid()), "--to", "0",
                "--backend", "jna", "--threads", "100000");
    }

    @Test
    void aNonDumpableProcessOfTheCaller_isNotCalledAnotherUsers() throws Exception {
        Process locked = new ProcessBuilder("python3", "-c", "import ctypes,time\n"
                + "ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)\nprint('ready', flush=True)\ntime.sleep(600)").start();
        try {
            assertEquals("ready", new String(locked.getInputStream().readNBytes(5)));
            String message = ErrorHandler.message(new UncheckedIOException(
                    new AccessDeniedException("/proc/" + locked.pid() + "/maps")));
            assertTrue(message.contains("is yours but not dumpable"), message);
            assertFalse(message.contains("another user's"), message);
        } finally {
            locked.destroy();
        }
    }
}
