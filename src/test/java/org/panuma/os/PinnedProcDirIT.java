package org.panuma.os;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.panuma.spi.NoSuchProcessException;

/**
 * A real process's /proc directory, pinned: its files read while it lives, and once it is reaped
 * they are gone through the descriptor, whatever /proc/PID names by then.
 */
class PinnedProcDirIT {

    @Test
    void filesOfAReapedProcess_areGoneThroughThePin() throws IOException, InterruptedException {
        Process child = new ProcessBuilder("sleep", "600").start();
        try (PinnedProcDir dir = ProcFs.system().pin((int) child.pid())) {
            assertTrue(dir.maps().stream().anyMatch(m -> m.path().endsWith("/sleep") || m.path().contains("coreutils")),
                    "the pinned process is sleep");
            assertFalse(dir.numaMaps().isEmpty(), "numa_maps is read through the pin");

            child.destroy();
            assertTrue(child.waitFor(1, TimeUnit.MINUTES), "sleep ended");
            // Reaped by waitFor: its pid is free for any newcomer, its directory is not its any more.
            NoSuchProcessException gone = assertThrows(NoSuchProcessException.class, dir::maps);
            assertTrue(gone.getMessage().contains(Long.toString(child.pid())), gone.getMessage());
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void noSuchProcess_isNamed() {
        NoSuchProcessException e = assertThrows(NoSuchProcessException.class, () -> ProcFs.system().pin(999_999_999));
        assertTrue(e.getMessage().contains("999999999"), e.getMessage());
    }
}
