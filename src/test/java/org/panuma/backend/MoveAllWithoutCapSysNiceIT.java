package org.panuma.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MPOL_MF_MOVE_ALL without CAP_SYS_NICE is EPERM, even for the caller's own pages. Run in a child
 * JVM whose capability is dropped with setpriv, since these tests often run as root.
 */
class MoveAllWithoutCapSysNiceIT {
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.panuma.backend.NativeBackends#names")
    void moveAllWithoutCapSysNice_isEperm(String backend) throws Exception {
        String[] lines = runProbe(backend, "move");
        assertEquals("EPERM", lines[lines.length - 1].strip(), String.join("\n", lines));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.panuma.backend.NativeBackends#names")
    void bindModeMoveAllWithoutCapSysNice_isEperm_sayingWhatItNeeds(String backend) throws Exception {
        String[] lines = runProbe(backend, "bind");
        assertEquals("EPERM", lines[lines.length - 1].strip(), String.join("\n", lines));
        String message = lines[lines.length - 2];
        assertTrue(message.startsWith("mbind(") && message.contains("MOVE_ALL needs CAP_SYS_NICE"), message);
    }

    /** The probe's output lines, run in a child JVM without CAP_SYS_NICE. */
    private static String[] runProbe(String backend, String what) throws Exception {
        NativeBackends.open(backend);
        List<String> command = new ArrayList<>();
        if (CapSysNice.held()) {
            Path setpriv = Path.of("/usr/bin/setpriv");
            assumeTrue(Files.isExecutable(setpriv), "setpriv (util-linux) is needed to drop CAP_SYS_NICE");
            command.addAll(List.of(setpriv.toString(), "--inh-caps=-sys_nice", "--bounding-set=-sys_nice", "--"));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 23) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MoveAllProbe.class.getName(), backend, what));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!done) {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), out);
        return out.split("\n");
    }
}
