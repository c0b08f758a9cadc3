package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host whose seccomp filter blocks the NUMA system calls (as containers' profiles often do):
 * the backends' one probing call (get_mempolicy, MPOL_F_MEMS_ALLOWED) fails with EPERM, so they
 * are reported unavailable with that reason up front. Real: the panuma JVM runs under a real
 * seccomp filter (src/test/resources/seccomp/deny-get-mempolicy.c) that denies get_mempolicy.
 */
class SeccompProbeIT {
    @TempDir
    Path dir;

    @Test
    void getMempolicyBlockedBySeccomp_reportsTheDefaultAndJnaBackendsUnavailable_withEpermSeccomp() throws Exception {
        Path launcher = compileLauncher();

        Result nodes = run(launcher.toString(), java(), "--enable-native-access=ALL-UNNAMED", "-jar", jar(), "nodes");
        assertEquals(ExitCodes.BACKEND_UNAVAILABLE, nodes.exit, nodes.output);
        assertTrue(nodes.output.contains("EPERM (seccomp?)"), nodes.output);

        Result jna = run(launcher.toString(), java(), "--enable-native-access=ALL-UNNAMED", "-jar", jar(), "nodes",
                "--backend", "jna");
        assertEquals(ExitCodes.BACKEND_UNAVAILABLE, jna.exit, jna.output);
        assertTrue(jna.output.contains("EPERM (seccomp?)"), jna.output);

        // The same JVM and jar without the filter: the probe passes.
        Result free = run(java(), "--enable-native-access=ALL-UNNAMED", "-jar", jar(), "nodes", "--backend", "jna");
        assertEquals(0, free.exit, free.output);
    }

    @Test
    void getMempolicyBlockedBySeccomp_reportsTheFfmBackendUnavailable_withEpermSeccomp() throws Exception {
        // The FFM backend and its jextract bindings need Java 23; the Java 17 leg has JNA only.
        assumeTrue(Runtime.version().feature() >= 23, "the ffm backend needs Java 23; this is Java "
                + Runtime.version().feature());
        Path launcher = compileLauncher();

        Result ffm = run(launcher.toString(), java(), "--enable-native-access=ALL-UNNAMED", "-jar", jar(), "nodes",
                "--backend", "ffm");
        assertEquals(ExitCodes.BACKEND_UNAVAILABLE, ffm.exit, ffm.output);
        assertTrue(ffm.output.contains("EPERM (seccomp?)"), ffm.output);
        assertTrue(ffm.output.contains("get_mempolicy"), ffm.output);

        Result free = run(java(), "--enable-native-access=ALL-UNNAMED", "-jar", jar(), "nodes", "--backend", "ffm");
        assertEquals(0, free.exit, free.output);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String jar() {
        return Path.of("target/panuma.jar").toAbsolutePath().toString();
    }

    private Path compileLauncher() throws IOException, InterruptedException {
        Path src = dir.resolve("deny-get-mempolicy.c");
        try (InputStream in = getClass().getResourceAsStream("/seccomp/deny-get-mempolicy.c")) {
            Files.copy(in, src);
        }
        Path exe = dir.resolve("deny-get-mempolicy");
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-O2", "-Wall", "-o", exe.toString(), src.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "gcc is not installed");
            throw e;
        }
        String out = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, gcc.waitFor(), out);
        return exe;
    }

    private record Result(int exit, String output) {
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "panuma did not finish: " + out);
        return new Result(p.exitValue(), out);
    }
}
