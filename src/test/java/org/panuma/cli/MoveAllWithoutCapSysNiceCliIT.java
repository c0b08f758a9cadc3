package org.panuma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `move --move-all` from a caller without CAP_SYS_NICE (a child JVM under setpriv) when every page
 * is on the target node already: the kernel refuses any MOVE_ALL call with EPERM before it looks
 * at a page, so the move, its prediction and its verification all say EPERM.
 */
class MoveAllWithoutCapSysNiceCliIT {
    @TempDir
    static Path dir;
    static LiveTarget target;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) drops CAP_SYS_NICE");
        target = LiveTarget.start(dir, 16, 64);
    }

    @AfterAll
    static void stop() throws Exception {
        if (target != null) {
            assertEquals(0, target.stop());
        }
    }

    static String[] panuma(String... args) throws Exception {
        Path jar = Path.of("target/panuma.jar").toAbsolutePath();
        assumeTrue(Files.isReadable(jar), "the shaded jar is not built");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/setpriv", "--inh-caps=-sys_nice",
                "--bounding-set=-sys_nice", "--", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        if (Runtime.version().feature() >= RunCommandIT.FFM_FEATURE) {
            cmd.add(cmd.size() - 2, "--enable-native-access=ALL-UNNAMED");
        }
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new String[] {Integer.toString(p.exitValue()), out, err};
    }

    @Test
    void move_withNothingToMove_isTheKernelsEperm() throws Exception {
        String[] r = panuma("move", Integer.toString(target.pid()), "--to", "0", "--region", "anon", "--move-all",
                "--no-progress");
        assertEquals(Integer.toString(ExitCodes.PERMISSION_DENIED), r[0], String.join("\n", r));
        assertTrue(r[2].contains("EPERM"), String.join("\n", r));
        assertFalse(r[1].contains("already"), String.join("\n", r));
    }

    @Test
    void dryRun_printsTheWholeCallEperm_notAStoppedMove() throws Exception {
        String[] r = panuma("move", Integer.toString(target.pid()), "--to", "0", "--region", "anon", "--move-all",
                "--dry-run");
        assertEquals(Integer.toString(ExitCodes.PERMISSION_DENIED), r[0], String.join("\n", r));
        assertTrue(r[1].contains("move_pages would refuse the whole call with EPERM"), r[1]);
        assertFalse(r[1].contains("run the move again"), r[1]);
        assertFalse(r[1].contains("stopped (signal)"), r[1]);
    }

    @Test
    void verifyJson_whenTheCallFailsAsAWhole_isJsonComparingTheErrnos() throws Exception {
        String[] r = panuma("move", Integer.toString(target.pid()), "--to", "0", "--region", "anon", "--move-all",
                "--verify", "--json");
        assertEquals(Integer.toString(ExitCodes.PERMISSION_DENIED), r[0], String.join("\n", r));
        JsonNode j = new ObjectMapper().readTree(r[1]);
        assertEquals("EPERM", j.get("error").get("errno").asText());
        assertEquals("EPERM", j.get("verify").get("predictedErrno").asText());
        assertEquals("EPERM", j.get("verify").get("actualErrno").asText());
        assertTrue(j.get("verify").get("agree").asBoolean());
    }
}
