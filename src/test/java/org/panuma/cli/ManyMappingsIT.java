package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code where} (the text table; {@code --json} still builds its document whole) over a target of
 * 60,000 mappings in a 96 MiB heap: smaps (70 MB of text here) is
 * parsed as it is read, so what is held grows with the mappings' entries, not with the file. On
 * the code that read the file whole, the same run ended in an OutOfMemoryError.
 */
class ManyMappingsIT {
    static final int MAPPINGS = 60_000;

    @Test
    void where_over60000Mappings_runsInA96MiBHeap(@TempDir Path dir) throws Exception {
        // One read with a big buffer: a sysctl file answers a read that starts past 0 with EOF, so
        // Files.readString (which reads a "0-byte" /proc file a byte at a time first) sees "6".
        long maxMapCount = Long.parseLong(Files.readAllLines(Path.of("/proc/sys/vm/max_map_count")).get(0).strip());
        assumeTrue(maxMapCount > MAPPINGS + 1000, "vm.max_map_count is " + maxMapCount);
        Path exe = dir.resolve("many-mappings");
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-O2", "-o", exe.toString(), "integration-tests/targets/many-mappings.c")
                    .inheritIO().start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "gcc is not installed: " + e.getMessage());
            return;
        }
        assertEquals(0, gcc.waitFor());
        Process target = new ProcessBuilder(exe.toString(), Integer.toString(MAPPINGS)).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ready", out.readLine(), "the target mapped its memory");
            Process where = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx96m", "--enable-native-access=ALL-UNNAMED", "-jar",
                    Path.of("target/panuma.jar").toAbsolutePath().toString(), "where", Long.toString(target.pid()))
                    .redirectErrorStream(true).start();
            String output = new String(where.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(where.waitFor(10, TimeUnit.MINUTES), "where finished");
            assertFalse(output.contains("OutOfMemoryError"), output.substring(0, Math.min(2000, output.length())));
            assertEquals(0, where.exitValue(), output.substring(0, Math.min(2000, output.length())));
            assertTrue(output.lines().anyMatch(l -> l.startsWith("Total")), output);
        } finally {
            target.destroy();
        }
    }
}
