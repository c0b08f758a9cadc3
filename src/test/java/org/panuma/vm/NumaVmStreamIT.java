package org.panuma.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * `numa-vm run --stream` (what `panuma demo` uses) prints the guest command's lines while it runs:
 * the first line arrives while the command is still waiting for its second, which it writes
 * only once the guest has seen a file this test creates. Without --stream everything came
 * when the guest powered off. A 1-node guest: a few seconds of boot.
 */
class NumaVmStreamIT {
    @Test
    void firstLine_arrivesWhileTheGuestCommandStillRuns() throws Exception {
        java.util.Optional<String> why = NumaVm.unusableBecause();
        assumeTrue(why.isEmpty(), () -> "no NUMA VM here: " + why.orElse(""));
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(
                java.nio.file.Path.of(System.getProperty("user.home"), ".cache"), "numa-vm-stream");
        java.nio.file.Path go = dir.resolve("go");
        Process p = new ProcessBuilder(NumaVm.script().toString(), "run", "--stream", "--nodes", "1", "--timeout", "600",
                "--share", dir.toString(), "--", "sh", "-c",
                "echo first; while [ ! -e " + go + " ]; do sleep 0.2; done; echo second")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("first", out.readLine());
            assertTrue(p.isAlive(), "the guest command is still waiting for " + go);
            java.nio.file.Files.writeString(go, "");
            assertEquals("second", out.readLine());
            assertTrue(p.waitFor(600, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
        } finally {
            p.destroyForcibly();
            java.nio.file.Files.deleteIfExists(go);
            java.nio.file.Files.deleteIfExists(dir);
        }
    }
}
