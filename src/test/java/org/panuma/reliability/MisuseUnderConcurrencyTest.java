package org.panuma.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, item 5: {@link MisuseStress} in a JVM of its own, so a crash cannot hide: it must
 * exit 0 (every misuse ended in a return or an exception of the documented types) and leave no
 * hs_err_pid*.log in its working directory.
 */
class MisuseUnderConcurrencyTest {

    @Test
    void closingWhileInUse_hugeCounts_manyThreads_giveExceptionsNeverACrash() throws Exception {
        Path work = Paths.get("target", "reliability", "misuse");
        Files.createDirectories(work);
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString()));
        if (Runtime.version().feature() >= 23) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        cmd.addAll(List.of("-cp", cp, MisuseStress.class.getName(), "30", "8"));
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the stress finished");
        System.out.print(out);
        List<Path> crashes = hsErrFiles(work);
        assertEquals(List.of(), crashes, "JVM crash logs: " + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("[misuse] operations = "), out);
        assertTrue(out.contains("outcome IllegalStateException"), "some operations met a closed NodeMemory: " + out);
    }

    private static List<Path> hsErrFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().startsWith("hs_err_pid")).toList();
        }
    }
}
