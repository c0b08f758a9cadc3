package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Numa#prepareInBackground()} links the FFM backend's downcall on its own thread, so that
 * `panuma where PID`'s first system call finds it linked. The JVM's class-initialization log of a
 * real run (the packaged jar) names the thread that initialized the handle's holder.
 */
class PrepareInBackgroundIT {
    private static final Path JAR = Path.of("target/panuma.jar").toAbsolutePath();
    private static final String THREAD = "panuma-prepare-backend";

    /** Prepares, waits for the preparing thread to end, and makes no system call itself. */
    public static final class PrepareAndWait {
        public static void main(String[] args) throws InterruptedException {
            Numa.prepareInBackground();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals(THREAD)) {
                    t.join();
                }
            }
        }
    }

    @Test
    void theDowncallIsLinkedOnThePreparingThread() throws Exception {
        assumeTrue(Runtime.version().feature() >= 23, "the FFM backend needs Java 23+; this is "
                + Runtime.version().feature());
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xlog:class+init=info:stdout",
                "-cp", JAR + ":" + Path.of("target/test-classes").toAbsolutePath(), PrepareAndWait.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        List<String> holder = out.lines().filter(l -> l.contains("ErrnoCapturingCalls$Syscall'")).toList();
        assertEquals(1, holder.size(), "the handle's holder was initialized once:\n" + holder);
        assertTrue(holder.get(0).contains("by thread \"" + THREAD + "\""), holder.get(0));
    }
}
