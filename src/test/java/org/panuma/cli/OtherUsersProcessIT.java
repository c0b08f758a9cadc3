package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * panuma run as nobody against root's process: the kernel refuses with EPERM (no ptrace access),
 * and that is what every command reports, not the EACCES of /proc/PID/smaps on the way there.
 * Needs root (to be another user than nobody) and setpriv.
 */
class OtherUsersProcessIT {
    @org.junit.jupiter.api.io.TempDir
    static Path dir;
    static LiveTarget target;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "runs the target as root and panuma as nobody");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) is needed");
        target = LiveTarget.start(dir, 16, 64);
    }

    @AfterAll
    static void stop() throws Exception {
        if (target != null) {
            assertEquals(0, target.stop());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"move PID --to 0 --no-progress", "move PID --to 0 --dry-run", "migrate PID 0 0",
        "where PID", "move PID --to 0 --json"})
    void asNobody_theKernelsEpermIsTheAnswer(String command) throws Exception {
        Path jar = Path.of("target/panuma.jar").toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                "--clear-groups", "--", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        if (Runtime.version().feature() >= RunCommandIT.FFM_FEATURE) {
            cmd.add(cmd.size() - 2, "--enable-native-access=ALL-UNNAMED");
        }
        for (String w : command.split(" ")) {
            cmd.add(w.equals("PID") ? Integer.toString(target.pid()) : w);
        }
        Process p = new ProcessBuilder(cmd).directory(new java.io.File("/")).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String all = "exit " + p.exitValue() + "\n" + out + "\n" + err;
        assumeTrue(!err.contains("Unable to access jarfile") && !err.contains("Error opening zip"),
                "nobody cannot read the jar here: " + err);
        assertEquals(ExitCodes.PERMISSION_DENIED, p.exitValue(), all);
        assertTrue(err.contains("EPERM"), all);
        assertFalse(err.contains("EACCES"), all);
        assertFalse(err.contains("Exception"), all);
    }
}
