package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An allocation and a move in a JVM that records nothing must not set up JFR: the first event
 * instance makes the JDK build JFR's type library (250-300 ms here, 9 s in the TCG guest), which
 * was the largest part of a 64 MiB move's time in BENCHMARKS.md item 1. Runs in a JVM of its own
 * with class loading logged, because this test JVM may have started a recording already.
 */
class JfrStaysIdleTest {

    /** The child: one node-bound allocation, written, queried and moved, then "done". */
    public static void main(String[] args) {
        try (NodeMemory mem = Numa.open().memory(MemoryPolicy.bind(0))) {
            ByteBuffer buf = mem.allocateBuffer(4 * mem.pageSize());
            buf.put(0, (byte) 1);
            MoveReport r = mem.move(buf, 0);
            System.out.println("done requested=" + r.requestedPages());
        }
    }

    @Test
    void allocateAndMove_withoutARecording_loadNoJfrInternals() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString()));
        if (Runtime.version().feature() >= 23) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        cmd.addAll(List.of("-Xlog:class+load=info:stdout", "-cp", cp, JfrStaysIdleTest.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the child finished");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("done requested=4"), out);
        List<String> jfrInternals = out.lines().filter(l -> l.contains(" jdk.jfr.internal.")).toList();
        assertEquals(0, jfrInternals.size(), () -> "JFR was set up although nothing records; first classes: "
                + jfrInternals.subList(0, Math.min(3, jfrInternals.size())));
    }
}
